"""Who may see what in the resources app: the one place these rules live.

- A resource page: live resources for everyone (editors also see drafts);
  a members-only resource shows its summary to everyone, and its body, link
  and file only to members.
- Plans and CPD logs: only their member. Not other members, editors,
  moderators or staff: everyone else gets a 404, as if it did not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.permissions import is_editor, is_member
from resources.models import CPDEntry, PlanItem, Resource


def may_use(user, resource):
    """May this person read the body, follow the link and download the file?"""
    return not resource.members_only or is_member(user) or is_editor(user)


def get_resource(user, slug, *, queryset=None):
    """A resource this person may open; Http404 otherwise (the view turns a once-live one into 410)."""
    queryset = queryset if queryset is not None else Resource.objects.all()
    try:
        return queryset.visible_to(user).get(slug=slug)
    except Resource.DoesNotExist:
        raise Http404("No such resource.") from None


def get_live_resource(slug):
    """For members' actions (useful, add to plan): only what is live in the library."""
    return get_object_or_404(Resource.objects.published(), slug=slug)


def get_plan_item(user, pk):
    return get_object_or_404(PlanItem.objects.select_related("resource"), pk=pk, member_id=user.pk)


def get_cpd_entry(user, pk):
    return get_object_or_404(CPDEntry.objects.select_related("resource", "event"), pk=pk, member_id=user.pk)
