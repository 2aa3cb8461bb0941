"""Telling many people about the same thing at a cost that does not grow with their number."""

from functools import partial

from django.db import transaction

from notifications import kinds
from notifications.models import Notification, NotificationPreference
from notifications.services import BODY_MAX, TITLE_MAX, _check_url, _clean_text


def notify_many(recipients, kind, *, title, url, actor=None, body=""):
    """notify() for each recipient, with the same rules, in two queries whatever their number.

    Skips inactive accounts and the actor; each notification takes its
    recipient's own email preference for `kind`, and immediate emails go out
    after commit. Returns the created notifications.
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
            title=title,
            url=url,
            body=body,
            delivery=chosen.get(pk, kinds.KINDS[code].default),
        )
        for pk, recipient in people.items()
    )
    from notifications.tasks import send_notification_email

    for notification in created:
        if notification.delivery == kinds.IMMEDIATE:
            transaction.on_commit(partial(send_notification_email.enqueue, notification.pk))
    return created
