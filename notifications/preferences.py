"""Members' email preferences: how often each kind of notification is emailed to them."""

from django.db import transaction

from notifications import kinds
from notifications.models import NotificationPreference
from notifications.tokens import DIGEST


def preference_for(user, kind):
    """The member's email frequency for one kind (the kind's default without a row)."""
    code = kinds.get_kind(kind).code
    stored = NotificationPreference.objects.filter(recipient=user, kind=code).values_list("frequency", flat=True)
    return next(iter(stored), kinds.KINDS[code].default)


def preferences_for(user):
    """{kind code: frequency} for every registered kind, in one query."""
    result = {kind.code: kind.default for kind in kinds.all_kinds()}
    for code, frequency in NotificationPreference.objects.filter(recipient=user).values_list("kind", "frequency"):
        if code in result and frequency in kinds.FREQUENCIES:
            result[code] = frequency
    return result


def set_preference(*, user, kind, frequency):
    code = kinds.get_kind(kind).code
    if frequency not in kinds.FREQUENCIES:
        raise ValueError(f"Unknown frequency {frequency!r}")
    NotificationPreference.objects.update_or_create(recipient=user, kind=code, defaults={"frequency": frequency})


@transaction.atomic
def set_preferences(*, user, frequencies):
    """Save {kind: frequency}; only the kinds that differ from what is stored are written."""
    current = preferences_for(user)
    for code, frequency in frequencies.items():
        if current.get(code) != frequency:
            set_preference(user=user, kind=code, frequency=frequency)


@transaction.atomic
def unsubscribe(*, user, kind):
    """Stop emails for one kind; the digest pseudo-kind stops every daily kind; "all" stops everything."""
    current = preferences_for(user)
    if kind == "all":
        codes = list(current)
    elif kind == DIGEST:
        codes = [code for code, frequency in current.items() if frequency == kinds.DAILY]
    else:
        codes = [kinds.get_kind(kind).code]
    for code in codes:
        set_preference(user=user, kind=code, frequency=kinds.NEVER)
    return codes
