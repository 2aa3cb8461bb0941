"""Creating notifications, members' email preferences, digests and erasure."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.text import Truncator

from notifications import header, kinds, outbox
from notifications.models import FORMER_MEMBER, DigestLog, Notification, NotificationPreference, OutgoingEmail
from notifications.preferences import preference_for, preferences_for

TITLE_MAX = 200
BODY_MAX = 5000  # an organiser's message to attendees goes out whole; lists show an excerpt


def _clean_text(text, limit):
    text = " ".join(str(text or "").split()) if limit == TITLE_MAX else str(text or "").strip()
    return Truncator(text).chars(limit)


def _check_url(url):
    url = str(url or "")
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        raise ValueError(f"Notification url must be a site path starting with '/', got {url!r}")
    return url[:500]


# --- notify -----------------------------------------------------------------


def notify(recipient, kind, *, title, url, actor=None, body=""):
    """Tell `recipient` about something; email them as their preference for `kind` says.

    When a person caused it, pass them as `actor` and write the title without
    their name, as what they did: title='replied to "Subject"'. Wherever the
    notification is shown (the list, emails, digests) it reads as the actor's
    name at that moment followed by the title ("Former member" once they are
    erased), so a renamed or erased member is never shown by an old name.
    Without an actor the title is shown as it is.

    Returns the Notification, or None when nothing was created: no recipient,
    an inactive (erased or disabled) account, or the actor notifying themself.
    The caller decides whether the recipient may know about the thing at all.
    `body` is plain text (never HTML): shown whole in the email (up to
    BODY_MAX characters), shortened in lists and digests.
    """
    code = kinds.get_kind(kind).code
    url = _check_url(url)
    if recipient is None or recipient.pk is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    delivery = preference_for(recipient, code)
    notification = Notification.objects.create(
        recipient=recipient,
        kind=code,
        actor=actor if actor is not None and actor.pk else None,
        actor_named=actor is not None and actor.pk is not None,
        title=_clean_text(title, TITLE_MAX),
        url=url,
        body=_clean_text(body, BODY_MAX),
        delivery=delivery,
    )
    if delivery == kinds.IMMEDIATE:
        outbox.record_notification_emails([notification])  # in this transaction: the email cannot be lost
    header.counts_changed([recipient.pk])
    return notification


def notify_many(recipients, kind, *, title, url, actor=None, body=""):
    """notify() for each recipient, with the same rules, in three queries whatever their number.

    Skips inactive accounts and the actor; each notification takes its
    recipient's own email preference for `kind`, and immediate emails join the
    outbox in the same transaction. Returns the created notifications.
    """
    code = kinds.get_kind(kind).code
    url = _check_url(url)
    actor_pk = actor.pk if actor is not None else None
    people = {r.pk: r for r in recipients if r is not None and r.pk is not None and r.is_active and r.pk != actor_pk}
    if not people:
        return []
    chosen = dict(
        NotificationPreference.objects.filter(recipient_id__in=people, kind=code).values_list(
            "recipient_id", "frequency"
        )
    )
    title, body = _clean_text(title, TITLE_MAX), _clean_text(body, BODY_MAX)
    created = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind=code,
            actor=actor if actor_pk else None,
            actor_named=actor_pk is not None,
            title=title,
            url=url,
            body=body,
            delivery=chosen.get(pk, kinds.KINDS[code].default),
        )
        for pk, recipient in people.items()
    )
    outbox.record_notification_emails([n for n in created if n.delivery == kinds.IMMEDIATE])
    header.counts_changed(people)
    return created


# --- reading ----------------------------------------------------------------


def mark_all_read(*, user):
    marked = Notification.objects.for_recipient(user).mark_read()
    header.counts_changed([user.pk])
    return marked


def open_notification(*, user, pk):
    """The member's own notification, marked read; Notification.DoesNotExist for anyone else's."""
    notification = Notification.objects.for_recipient(user).get(pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
        header.counts_changed([user.pk])
    return notification


# --- daily digests ----------------------------------------------------------


def digest_recipient_ids():
    return list(
        Notification.objects.awaiting_digest()
        .filter(recipient__is_active=True)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def send_digest(*, recipient, today=None):
    """Send one member today's digest; returns the DigestLog, or None when nothing was due.

    The DigestLog's unique (recipient, date) and marking the notifications
    digested happen in one transaction, so two runs cannot both send, and no
    notification appears in two digests.
    """

    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            if DigestLog.objects.filter(recipient=recipient, date=today).exists():
                return None
            pending = list(
                Notification.objects.awaiting_digest()
                .filter(recipient=recipient)
                .select_for_update()
                .order_by("created_at", "id")
                .values_list("pk", "kind")
            )
            if not pending:
                return None
            current = preferences_for(recipient)
            # Kinds switched to "never" since are marked digested without an email.
            ids = [pk for pk, code in pending if current.get(code) != kinds.NEVER]
            Notification.objects.filter(pk__in=[pk for pk, _ in pending]).update(digested_at=timezone.now())
            if not ids:
                return None
            log = DigestLog.objects.create(recipient=recipient, date=today, notification_count=len(ids))
            outbox.record_digest_email(log, ids)
            return log
    except IntegrityError:
        # Another run sent today's digest to this member first.
        return None


def send_digests(*, today=None):
    """Every member with daily notifications waiting gets at most one digest today."""
    from accounts.models import User

    sent = []
    for recipient in User.objects.filter(pk__in=digest_recipient_ids(), is_active=True).order_by("pk"):
        log = send_digest(recipient=recipient, today=today)
        if log is not None:
            sent.append(log)
    return sent


# --- erasure ----------------------------------------------------------------


def send_email(to, *, subject, body, html="", purpose):
    """Email an address that may not be a member (a visitor's contact-form acknowledgement), reliably.

    The email joins the outbox in the caller's transaction and is sent by the
    worker with retries, like notification emails. `purpose` names what it is
    for (e.g. f"contact-ack:{message.pk}"): one email per purpose, so calling
    this twice for the same thing sends once. `body` is plain text; `html` is
    an optional HTML version (the caller escapes what it puts in it).
    Returns the OutgoingEmail.
    """
    return outbox.record_address_email(to, subject=subject, body=body, html=html, purpose=purpose)


def erase_member(*, user):
    """Delete what we keep for the member; others' notifications about them show "Former member".

    Titles never hold the actor's name (it is shown as it is now, see
    Notification.text), so nothing needs rewriting; the link to the erased
    account stays, and shows as "Former member". Titles from before that
    convention whose name the data migration could not take out get the
    current name replaced, as before.
    """
    OutgoingEmail.objects.filter(recipient=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(recipient=user).delete()
    DigestLog.objects.filter(recipient=user).delete()
    name = user.public_name
    if name:
        Notification.objects.filter(actor=user, actor_named=False).update(
            title=Replace("title", Value(name), Value(FORMER_MEMBER))
        )
    # Excerpts of posts that @mentioned them, in others' notifications (the forum rewrites the posts).
    mention = re.compile(rf"(?<![\w@/.\-])@{re.escape(user.username)}(?![A-Za-z0-9_-])", re.IGNORECASE)
    for notification in Notification.objects.filter(body__icontains=f"@{user.username}").only("pk", "body"):
        body = mention.sub(FORMER_MEMBER, notification.body)
        if body != notification.body:
            Notification.objects.filter(pk=notification.pk).update(body=body)
