"""The outbox: every email the site sends is a row first, then a worker sends it.

Why: an email queued "after commit" is lost when the queueing fails, when the
worker dies mid-send, or when the mail server refuses for a while. Here:

- What must be emailed is an OutgoingEmail row written in the same
  transaction as the change that causes it (notify, notify_many, a digest,
  send_email, or any Django email through OutboxBackend). Its `purpose` is
  unique (one email per recipient and purpose) and gives its Message-ID.
- After commit a django-tasks task is enqueued to send it at once. If that
  fails the request still succeeds: the row waits for the worker's sweep.
- Sending claims the row with one UPDATE (status "sending", who, when), so two
  workers never both send it. Success records the send; a temporary failure
  (connection refused, timeout, a 4xx reply) sets the next attempt with
  back-off and enqueues a deferred task; a permanent one (5xx, a broken
  message) or too many attempts marks it failed, to be retried by hand.
- A row left "sending" by a worker that died is claimed again after
  EMAIL_SENDING_TIMEOUT, and a django-tasks task left "running" by a dead
  worker is put back in the queue after TASKS_STALE_SECONDS: `manage.py
  worker` (django-tasks-db's worker plus this sweep) does both, because
  django-tasks and django-tasks-db offer neither retries nor stale-task
  recovery. A send the server accepted just before the worker died can go
  twice; it carries the same Message-ID, which mail systems use to drop the
  copy.
"""

import datetime as dt
import email
import email.policy
import hashlib
import logging
import os
import smtplib
import socket
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from notifications import kinds
from notifications.emails import digest_message, notification_message, weekly_summary_message
from notifications.models import Notification, OutgoingEmail, SummaryConsent
from notifications.preferences import preference_for

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "notifications.outbox.OutboxBackend"


# --- settings, with defaults -------------------------------------------------


def _setting(name, default):
    return getattr(settings, name, default)


def max_attempts():
    return _setting("EMAIL_MAX_ATTEMPTS", 12)


def retry_delay(attempts):
    """Seconds before the next attempt: 1, 2, 4 ... minutes, at most an hour (settings can change both)."""
    base = _setting("EMAIL_RETRY_BASE_SECONDS", 60)
    return min(_setting("EMAIL_RETRY_MAX_SECONDS", 3600), base * 2 ** max(0, attempts - 1))


def sending_timeout():
    return dt.timedelta(seconds=_setting("EMAIL_SENDING_TIMEOUT", 300))


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


# --- recording ---------------------------------------------------------------


@task()
def send_outgoing_emails(email_ids):
    """The django-tasks task: send these outbox rows if they are still due. Returns {status: count}."""
    counts = {}
    for pk in email_ids:
        status = deliver(pk)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts


def _nudge(ids):
    """After commit: ask the task worker to send these now. Never fails the caller."""
    try:
        send_outgoing_emails.enqueue(list(ids))
    except Exception:  # noqa: BLE001 - the rows wait for the worker's sweep; the request must not fail
        logger.exception("Could not enqueue the sending of outgoing emails %s; the worker's sweep will send them", ids)


def nudge_on_commit(ids):
    if ids:
        transaction.on_commit(partial(_nudge, list(ids)), robust=True)


def record_notification_emails(notifications):
    """Outbox rows for notifications to be emailed straight away (called by notify and notify_many)."""
    rows = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(purpose=f"notification:{n.pk}", notification=n, recipient_id=n.recipient_id)
        for n in notifications
    )
    nudge_on_commit([row.pk for row in rows])
    return rows


def record_digest_email(log, notification_ids):
    row = OutgoingEmail.objects.create(
        purpose=f"digest:{log.recipient_id}:{log.date.isoformat()}",
        digest=log,
        recipient_id=log.recipient_id,
        context={"notification_ids": list(notification_ids)},
    )
    nudge_on_commit([row.pk])
    return row


def record_weekly_summary_email(summary, sections):
    """The weekly summary's email: built when sent from what the summary found (notifications.weekly)."""
    row = OutgoingEmail.objects.create(
        purpose=f"weekly:{summary.recipient_id}:{summary.week.isoformat()}",
        recipient_id=summary.recipient_id,
        context={"weekly_summary": sections, "covers_from": summary.covers_from.isoformat()},
    )
    nudge_on_commit([row.pk])
    return row


def _account_for(recipients):
    """The account an email to one address is for, if any: erasing it erases the email too."""
    if len(recipients) != 1:
        return None
    return get_user_model().objects.filter(email__iexact=recipients[0]).only("pk").first()


def record_address_email(to, *, subject, body, html="", purpose):
    """An email to addresses that are not (or not only) members; one per purpose (a second call returns the first)."""
    recipients = [to] if isinstance(to, str) else list(to)
    row, created = OutgoingEmail.objects.get_or_create(
        purpose=f"email:{purpose}"[:200],
        defaults={
            "recipients": recipients,
            "recipient": _account_for(recipients),
            "subject": subject[:300],
            "body_text": body,
            "body_html": html or "",
        },
    )
    if created:
        nudge_on_commit([row.pk])
    return row


class OutboxBackend(BaseEmailBackend):
    """A Django email backend that puts each message in the outbox instead of sending it.

    Set as EMAIL_BACKEND, it makes every email the site sends through Django
    (allauth's verification and password emails, membership decisions) as
    reliable as notifications; the worker sends through EMAIL_DELIVERY_BACKEND.
    """

    def send_messages(self, email_messages):
        rows = []
        for message in email_messages:
            mime = message.message()
            message_id = mime["Message-ID"]
            recipients = list(message.recipients())
            rows.append(
                OutgoingEmail.objects.create(
                    purpose=f"message:{message_id}"[:200],
                    recipients=recipients,
                    recipient=_account_for(recipients),
                    subject=str(message.subject)[:300],
                    raw_message=mime.as_bytes(linesep="\r\n"),
                    context={"from": message.from_email},
                )
            )
        nudge_on_commit([row.pk for row in rows])
        return len(rows)


# --- sending -----------------------------------------------------------------


def message_id_for(purpose):
    """The same Message-ID every time this purpose is sent, so a repeat is recognisable as the same email."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "ccio.example"
    return f"<{hashlib.sha256(purpose.encode()).hexdigest()[:40]}@{domain}>"


class _RawMIME:
    """Enough of a MIME message for Django's email backends to send stored bytes as they are."""

    def __init__(self, raw):
        self.raw = bytes(raw)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def get_charset(self):
        return None

    def __getitem__(self, name):
        return email.message_from_bytes(self.raw, policy=email.policy.default)[name]


class _StoredEmail(EmailMessage):
    def __init__(self, row):
        super().__init__(subject=row.subject, to=row.recipients, from_email=row.context.get("from"))
        self._raw = row.raw_message

    def message(self, *, policy=None):
        return _RawMIME(self._raw)


def _build(row):
    """The message to send for a row, or None when it is no longer wanted."""
    if row.notification_id:
        notification = Notification.objects.select_related("recipient").filter(pk=row.notification_id).first()
        if notification is None:
            return None
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            return None
        if preference_for(recipient, notification.kind) == kinds.NEVER:
            return None
        message = notification_message(notification)
    elif row.digest_id:
        ids = row.context.get("notification_ids", [])
        notifications = list(
            Notification.objects.select_related("recipient")
            .filter(pk__in=ids, recipient_id=row.recipient_id)
            .order_by("created_at", "id")
        )
        if not notifications:
            return None
        recipient = notifications[0].recipient
        if not recipient.is_active or not recipient.email:
            return None
        message = digest_message(recipient, notifications)
    elif "weekly_summary" in row.context:
        recipient = get_user_model().objects.filter(pk=row.recipient_id).first()
        # Withdrawn since it was queued (the one-click link in last week's, say): not sent.
        if (
            recipient is None
            or not recipient.is_active
            or not recipient.email
            or not SummaryConsent.objects.has_consented(recipient)
        ):
            return None
        message = weekly_summary_message(recipient, row.context["weekly_summary"])
    elif row.raw_message is not None:
        return _StoredEmail(row)
    else:
        message = EmailMultiAlternatives(subject=row.subject, body=row.body_text, to=row.recipients)
        if row.body_html:
            message.attach_alternative(row.body_html, "text/html")
    message.extra_headers["Message-ID"] = message_id_for(row.purpose)
    return message


def _connection():
    backend = settings.EMAIL_BACKEND
    if backend == OUTBOX_BACKEND:
        backend = settings.EMAIL_DELIVERY_BACKEND
    return get_connection(backend, fail_silently=False)


def is_temporary(error):
    """Worth trying again later: the server was unreachable, busy, or answered 4xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return not codes or any(code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return True  # the site's own settings: retried until they are fixed
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | OSError)


def _claim(pk, now, worker):
    return (
        OutgoingEmail.objects.filter(pk=pk)
        .due(now, sending_timeout=sending_timeout())
        .update(
            status=OutgoingEmail.Status.SENDING,
            claimed_at=now,
            claimed_by=worker,
            attempts=F("attempts") + 1,
        )
    )


def deliver(pk, *, worker=None):
    """Send one outbox row if it is due; returns its status afterwards (or None when it was not due). Never raises."""
    now = timezone.now()
    if not _claim(pk, now, worker or worker_name()):
        return None
    row = OutgoingEmail.objects.get(pk=pk)
    try:
        message = _build(row)
        if message is None:
            row.status = OutgoingEmail.Status.CANCELLED
            row.save(update_fields=["status"])
            return row.status
        sent = _connection().send_messages([message])
        if not sent:
            raise smtplib.SMTPException("The mail server accepted nothing.")
    except Exception as error:  # noqa: BLE001 - recorded on the row, retried or marked failed
        _failed(row, error)
        return row.status
    sent_at = timezone.now()
    OutgoingEmail.objects.filter(pk=pk).update(status=OutgoingEmail.Status.SENT, sent_at=sent_at, last_error="")
    if row.notification_id:
        Notification.objects.filter(pk=row.notification_id, emailed_at__isnull=True).update(emailed_at=sent_at)
    return OutgoingEmail.Status.SENT


def _failed(row, error):
    description = f"{type(error).__name__}: {error}"[:2000]
    if is_temporary(error) and row.attempts < max_attempts():
        row.status = OutgoingEmail.Status.PENDING
        row.next_attempt_at = timezone.now() + dt.timedelta(seconds=retry_delay(row.attempts))
        logger.warning("Email %s not sent (attempt %s), retrying: %s", row.purpose, row.attempts, description)
    else:
        row.status = OutgoingEmail.Status.FAILED
        logger.error("Email %s failed after %s attempt(s): %s", row.purpose, row.attempts, description)
    row.last_error = description
    row.save(update_fields=["status", "next_attempt_at", "last_error"])
    if row.status == OutgoingEmail.Status.PENDING:
        _schedule_retry(row)


def _schedule_retry(row):
    """A deferred django-tasks task for the next attempt; the worker's sweep covers a backend that cannot defer."""
    try:
        send_outgoing_emails.using(run_after=row.next_attempt_at).enqueue([row.pk])
    except Exception:  # noqa: BLE001 - the sweep sends it when it is due
        logger.info("Retry of %s left to the worker's sweep", row.purpose)


# --- the worker's sweep and the operators' tools ------------------------------------


def send_due(*, limit=500, worker=None):
    """Send every row that is due (waiting, or abandoned by a dead worker). Returns {status: count}."""
    counts = {}
    due = OutgoingEmail.objects.due(sending_timeout=sending_timeout()).order_by("next_attempt_at", "pk")
    ids = list(due[:limit].values_list("pk", flat=True))
    for pk in ids:
        status = deliver(pk, worker=worker)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts


def requeue_stale_tasks():
    """django-tasks-db tasks left "running" by a worker that died go back in the queue. Returns how many."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale_after = dt.timedelta(seconds=_setting("TASKS_STALE_SECONDS", 900))
    stale = DBTaskResult.objects.running().filter(started_at__lt=timezone.now() - stale_after)
    count = stale.update(status=TaskResultStatus.READY)
    if count:
        logger.warning("Put %s task(s) left running by a stopped worker back in the queue", count)
    return count


def prune(*, days):
    """Forget emails sent (or no longer wanted) more than `days` ago: they hold addresses and links."""
    done = [OutgoingEmail.Status.SENT, OutgoingEmail.Status.CANCELLED]
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = OutgoingEmail.objects.filter(status__in=done, created_at__lt=cutoff).delete()
    return deleted


def retry(queryset):
    """Send these failed (or waiting) emails again at once, from a fresh count of attempts."""
    ids = list(
        queryset.filter(status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]).values_list(
            "pk", flat=True
        )
    )
    OutgoingEmail.objects.filter(pk__in=ids).update(
        status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    nudge_on_commit(ids)
    return len(ids)
