from django.dispatch import receiver

from accounts.signals import account_erased
from profiles.models import CCIOProfile, DirectoryEntry


@receiver(account_erased, dispatch_uid="profiles_erase_directory_entry")
def erase_directory_entry(sender, user, **kwargs):
    """Delete the member's directory entry (and photo file); unlink them from CCIO profiles."""
    for entry in DirectoryEntry.objects.filter(user=user):
        if entry.photo:
            entry.photo.delete(save=False)
        entry.delete()
    CCIOProfile.objects.filter(member=user).update(member=None)
