"""Changes that move a person's version on, so the kept signed-in user is read afresh (accounts.backends)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from core.person_cache import person_changed


@receiver(post_save, sender=User, dispatch_uid="accounts.user_saved")
@receiver(post_delete, sender=User, dispatch_uid="accounts.user_deleted")
def user_changed(sender, instance, **kwargs):
    person_changed([instance.pk])


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts.roles_changed")
def roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user joined or left a group (user.groups.add), or a group gained or lost users (group.user_set.add)."""
    if action == "pre_clear" and reverse:  # group.user_set.clear(): whoever is in it now
        person_changed(list(instance.user_set.values_list("pk", flat=True)))
    elif action.startswith("post_"):
        person_changed((pk_set or []) if reverse else [instance.pk])
