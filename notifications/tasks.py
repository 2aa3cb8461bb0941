"""Tasks queued by an earlier version, before the outbox (notifications/outbox.py), which now sends
every email with its own task, outbox.send_outgoing_emails. These make the outbox row for what they
were asked to send, and send it the same way.
"""

from django_tasks import task

from notifications import outbox
from notifications.models import OutgoingEmail


@task()
def send_notification_email(notification_id):
    """Email one notification once (kept for tasks queued by an earlier version)."""
    row = OutgoingEmail.objects.filter(notification_id=notification_id).first()
    if row is None:
        from notifications.models import Notification

        notification = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).first()
        if notification is None:
            return False
        row = outbox.record_notification_emails([notification])[0]
    return outbox.deliver(row.pk) == OutgoingEmail.Status.SENT


@task()
def send_digest_email(recipient_id, notification_ids):
    """Send one member's daily digest (kept for tasks queued by an earlier version)."""
    from notifications.models import DigestLog

    log = DigestLog.objects.filter(recipient_id=recipient_id).order_by("-date").first()
    if log is None:
        return 0
    row = OutgoingEmail.objects.filter(digest=log).first() or outbox.record_digest_email(log, notification_ids)
    return len(notification_ids) if outbox.deliver(row.pk) == OutgoingEmail.Status.SENT else 0
