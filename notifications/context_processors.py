from django.utils.functional import cached_property

from notifications.header import NOTIFICATIONS, header_counts


class HeaderCounts:
    """The signed-in person's header counts (the bell and what apps registered), one query on first use."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def values(self):
        return header_counts(self._user)

    def __getitem__(self, name):
        return self.values[name]

    def get(self, name, default=0):
        return self.values.get(name, default)


class UnreadCount:
    """One of the header counts (the bell's by default), fetched on first use only."""

    def __init__(self, user, *, counts=None, name=NOTIFICATIONS):
        self._counts = counts if counts is not None else HeaderCounts(user)
        self._name = name

    @property
    def value(self):
        return self._counts.get(self._name)

    def __int__(self):
        return self.value

    def __bool__(self):
        return bool(self.value)

    def __str__(self):
        return str(self.value)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = HeaderCounts(user)
    return {"header_counts": counts, "unread_notifications": UnreadCount(user, counts=counts)}
