"""Writes for the contact form: send a message, mark it handled."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.services import active_moderators
from core import ratelimit
from core.permissions import is_moderator
from notifications import send_email
from notifications.services import notify_many
from pages.models import ContactMessage

# Per client address, and per address written to (so the acknowledgement cannot be used to flood someone).
PER_CLIENT = (5, 600)
PER_EMAIL = (3, 3600)


def within_limits(*, client_ip, email):
    """Count one send; False when this client or this address has sent too many lately."""
    limit, period = getattr(settings, "CONTACT_MESSAGES_PER_CLIENT", PER_CLIENT)
    if not ratelimit.allow(f"contact:ip:{client_ip}", limit=limit, period=period):
        return False
    limit, period = getattr(settings, "CONTACT_MESSAGES_PER_EMAIL", PER_EMAIL)
    return ratelimit.allow(f"contact:email:{email.lower()}", limit=limit, period=period)


def acknowledgement(message):
    body = (
        f"Dear {message.name},\n\n"
        f"Thank you for writing to the {settings.SITE_NAME}. A moderator will read your message and reply to this "
        "address, usually within five working days.\n\n"
        f"What you sent (about {message.get_topic_display().lower()}):\n\n{message.message}\n\n"
        "If you did not write to us, someone typed your address into our contact form; you need do nothing.\n\n"
        f"{settings.SITE_NAME}\n{settings.SITE_URL}/"
    )
    html = (
        f"<p>Dear {escape(message.name)},</p>"
        f"<p>Thank you for writing to the {escape(settings.SITE_NAME)}. A moderator will read your message and reply"
        " to this address, usually within five working days.</p>"
        f"<p>What you sent (about {escape(message.get_topic_display().lower())}):</p>"
        f"<blockquote>{escape(message.message).replace(chr(10), '<br>')}</blockquote>"
        "<p>If you did not write to us, someone typed your address into our contact form; you need do nothing.</p>"
        f'<p><a href="{escape(settings.SITE_URL)}/">{escape(settings.SITE_NAME)}</a></p>'
    )
    return body, html


def contact_send(*, name, email, topic, message, sender=None):
    """Store a contact message, tell the moderators (bell and email) and acknowledge it to the sender.

    The same message sent twice the same day (a double click, a reload) is stored, told and
    acknowledged once: its fingerprint is unique, and the second call returns the first.
    """
    fingerprint = ContactMessage.fingerprint_of(email=email, topic=topic, message=message, day=timezone.localdate())
    try:
        with transaction.atomic():
            return _contact_create(
                name=name, email=email, topic=topic, message=message, sender=sender, fingerprint=fingerprint
            )
    except IntegrityError:
        return ContactMessage.objects.get(fingerprint=fingerprint)


def _contact_create(*, name, email, topic, message, sender, fingerprint):
    contact = ContactMessage.objects.create(
        name=name,
        email=email,
        topic=topic,
        message=message,
        sender=sender if sender is not None and sender.is_authenticated else None,
        fingerprint=fingerprint,
    )
    notify_many(
        active_moderators(),
        "pages.contact",
        title=f"New contact message about {contact.get_topic_display().lower()}",
        url=reverse("pages:contact_message", args=[contact.pk]),
        body=message,
    )
    body, html = acknowledgement(contact)
    send_email(
        email,
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}We have your message",
        body=body,
        html=html,
        purpose=f"contact-ack:{contact.pk}",
    )
    return contact


@transaction.atomic
def contact_mark(*, contact, by, handled, note):
    """Mark a message handled (or not yet) and keep the moderators' note; the row is locked while it changes."""
    if not is_moderator(by):
        raise PermissionDenied("Only moderators can mark contact messages.")
    contact = ContactMessage.objects.select_for_update().get(pk=contact.pk)
    if handled and contact.handled_at is None:
        contact.handled_at, contact.handled_by = timezone.now(), by
    elif not handled:
        contact.handled_at, contact.handled_by = None, None
    contact.note = note
    contact.save(update_fields=["handled_at", "handled_by", "note"])
    return contact


def prune_handled(*, days):
    """Forget messages handled more than `days` ago: they hold a name, an address and what was said."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = ContactMessage.objects.filter(handled_at__lt=cutoff).delete()
    return deleted
