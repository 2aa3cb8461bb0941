"""The forum's part in erasing an account: posts stay (shown as "Former member"), personal traces go."""

from django.dispatch import receiver

from accounts.signals import account_erased
from forum.models import Bookmark, ReadState, Watch


@receiver(account_erased, dispatch_uid="forum_account_erased")
def erase_forum_traces(sender, user, **kwargs):
    ReadState.objects.filter(user=user).delete()
    Watch.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
