from django.utils.functional import cached_property


class UnreadCount:
    """The signed-in member's unread count, fetched on first use only (one query)."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def value(self):
        from notifications.models import Notification

        return Notification.objects.unread_count(self._user)

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
    return {"unread_notifications": UnreadCount(user)}
