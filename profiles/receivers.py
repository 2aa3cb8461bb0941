from django.db import transaction
from django.dispatch import receiver

from accounts.signals import account_erased
from profiles.models import CCIOProfile, DirectoryEntry


@receiver(account_erased, dispatch_uid="profiles_erase_directory_entry")
def erase_directory_entry(sender, user, **kwargs):
    """Delete the member's directory entry (its photo file once committed); unlink them from CCIO profiles.

    A CCIO profile is published editorial content about the person and stays;
    only its link to the erased account goes.
    """
    for entry in DirectoryEntry.objects.filter(user=user):
        if entry.photo:
            storage, name = entry.photo.storage, entry.photo.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        entry.delete()
    CCIOProfile.objects.filter(member=user).update(member=None)
