"""Background email work (django-tasks): enqueued after the transaction commits."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications import kinds
from notifications.emails import digest_message, notification_message
from notifications.models import Notification
from notifications.preferences import preference_for


@task()
def send_notification_email(notification_id):
    """Email one notification, once, if the member still wants it straight away."""
    notification = Notification.objects.select_related("recipient", "actor").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.is_active or not notification.recipient.email:
        return False
    if preference_for(notification.recipient, notification.kind) == kinds.NEVER:
        return False
    with transaction.atomic():
        # Claim it first: a retried task cannot send the same email twice.
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        notification_message(notification).send()
    return True


@task()
def send_digest_email(recipient_id, notification_ids):
    """Send one member's daily digest of the given notifications."""
    notifications = list(
        Notification.objects.select_related("recipient", "actor")
        .filter(pk__in=notification_ids, recipient_id=recipient_id)
        .order_by("created_at", "id")
    )
    if not notifications:
        return 0
    recipient = notifications[0].recipient
    if not recipient.is_active or not recipient.email:
        return 0
    digest_message(recipient, notifications).send()
    return len(notifications)
