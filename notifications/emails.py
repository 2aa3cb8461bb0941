"""Building the notification emails: plain text plus simple HTML, with unsubscribe links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.tokens import DIGEST, make_unsubscribe_token


def absolute(path):
    return settings.SITE_URL + path


def unsubscribe_url(user, kind):
    return absolute(reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, kind)]))


def _message(*, user, subject, template, context, unsubscribe_kind):
    unsubscribe = unsubscribe_url(user, unsubscribe_kind)
    context = {
        **context,
        "user": user,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("notification_preferences")),
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def notification_message(notification):
    user = notification.recipient
    return _message(
        user=user,
        subject=" ".join(notification.text.split()),
        template="notification",
        context={
            "notification": notification,
            "link": absolute(notification.url),
            "kind_label": notification.kind_label,
        },
        unsubscribe_kind=notification.kind,
    )


def digest_message(user, notifications):
    items = [{"notification": n, "link": absolute(n.url)} for n in notifications]
    count = len(items)
    return _message(
        user=user,
        subject=f"Your daily digest: {count} notification{'s' if count != 1 else ''}",
        template="digest",
        context={"items": items, "count": count},
        unsubscribe_kind=DIGEST,
    )
