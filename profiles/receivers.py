from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from accounts.services import export_iso
from accounts.signals import account_erased, account_exported
from profiles import services
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


@receiver(post_save, sender=DirectoryEntry, dispatch_uid="profiles_entry_saved")
@receiver(post_delete, sender=DirectoryEntry, dispatch_uid="profiles_entry_deleted")
def entry_changed(sender, instance, **kwargs):
    """An entry saved or deleted: its owner's kept choice of who sees it is read afresh.

    Whoever wrote it (the member, an editor in the admin, an erasure): see profiles.services.own_visibility.
    """
    services.entry_changed(instance.user_id)


def _directory_entry(entry):
    if entry is None:
        return None
    organisation = entry.organisation
    return {
        "url": reverse("profiles:member_detail", args=[entry.user.username]),
        "job_title": entry.job_title,
        "organisation": organisation.name if organisation else None,
        "organisation_ods_code": organisation.ods_code if organisation else None,
        "profession": entry.profession,
        "specialty": entry.specialty,
        "years_in_practice": entry.years_in_practice,
        "ccio_appointed": export_iso(entry.ccio_appointed),
        "reports_to": entry.reports_to,
        "contracted_days_a_week": float(entry.contracted_days) if entry.contracted_days is not None else None,
        "actual_days_a_week": float(entry.actual_days) if entry.actual_days is not None else None,
        "interests": entry.interest_list,
        "bio_markdown": entry.bio,
        "links": entry.link_list,
        "photo": entry.photo.url if entry.photo else None,
        "who_can_see_it": entry.visibility,
        "advisory_panel": entry.advisory_panel,
        "updated": export_iso(entry.updated_at),
    }


@receiver(account_exported, dispatch_uid="profiles_export_directory_entry")
def export_directory_entry(sender, user, **kwargs):
    """Their directory entry and privacy choice, and the published CCIO profiles linked to them."""
    entry = DirectoryEntry.objects.filter(user=user).select_related("user", "organisation").first()
    # Only what readers can see: drafts are the editors' work in progress until published.
    profiles = [
        {"headline": p["headline"], "name": p["name"], "url": reverse("profiles:profile_detail", args=[p["slug"]])}
        for p in CCIOProfile.objects.published()
        .filter(member=user)
        .order_by("publish_at", "pk")
        .values("headline", "name", "slug")
    ]
    return "profiles", {"directory_entry": _directory_entry(entry), "ccio_profiles": profiles}
