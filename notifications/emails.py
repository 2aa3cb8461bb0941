"""Building the notification emails: plain text plus simple HTML, with unsubscribe links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.tokens import DIGEST, WEEKLY_SUMMARY, make_unsubscribe_token


def absolute(path):
    return settings.SITE_URL + path


def unsubscribe_url(user, kind):
    return absolute(reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, kind)]))


def _context(*, user, context, unsubscribe_kind):
    return {
        **context,
        "user": user,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(user, unsubscribe_kind),
        "preferences_url": absolute(reverse("notification_preferences")),
    }


def _message(*, user, subject, template, context, unsubscribe_kind):
    context = _context(user=user, context=context, unsubscribe_kind=unsubscribe_kind)
    unsubscribe = context["unsubscribe_url"]
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


def _weekly_summary_parts(sections):
    shaped = [
        {**section, "items": [{**item, "link": absolute(item["url"])} for item in section["items"]]}
        for section in sections
    ]
    return {"sections": shaped, "account_url": absolute(reverse("accounts:settings"))}


def weekly_summary_context(user, sections):
    """What the weekly summary's templates are given; the editors' preview renders the same."""
    return _context(user=user, context=_weekly_summary_parts(sections), unsubscribe_kind=WEEKLY_SUMMARY)


WEEKLY_SUMMARY_SUBJECT = "Your weekly summary: what you missed"


def weekly_summary_message(user, sections):
    """The weekly summary email: the notification emails' layout, sending path and one-click unsubscribe."""
    return _message(
        user=user,
        subject=WEEKLY_SUMMARY_SUBJECT,
        template="weekly_summary",
        context=_weekly_summary_parts(sections),
        unsubscribe_kind=WEEKLY_SUMMARY,
    )
