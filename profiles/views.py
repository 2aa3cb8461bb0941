from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from core.content_cache import cached_fragment
from core.permissions import member_required
from profiles import services
from profiles.forms import DirectoryEntryForm, DirectoryFilterForm, ProfileFilterForm
from profiles.models import CCIOProfile, DirectoryEntry, Visibility, shown_to_others
from profiles.services import own_visibility

DIRECTORY_PAGE_SIZE = 24
PROFILES_PAGE_SIZE = 12


def _query_string(form):
    return urlencode({k: v for k, v in form.cleaned_data.items() if v}) if form.is_valid() else ""


# --- the member directory ---------------------------------------------------
#
# Both pages are kept as rendered HTML per content version (core.content_cache):
# every entry, account, role and forum post is content, so any change to what
# they show starts them afresh. What is kept depends only on what the viewer may
# see (the privacy rule in DirectoryEntryQuerySet.visible_to), never on who they are,
# except for a member whose own entry others do not see, whose directory is kept for
# them alone (how they share their entry is kept with them: profiles.services.own_visibility).

DIRECTORY_PARAMS = ("q", "region", "organisation_type", "profession", "advisory_panel", "page")


def directory(request):
    user = request.user
    asked = tuple((key, request.GET[key]) for key in DIRECTORY_PARAMS if key in request.GET)
    member = bool(user.is_authenticated and user.is_member)
    own = user.pk if user.is_authenticated and _own_entry_unseen(user, member=member) else None
    content = cached_fragment(
        "member-directory", [member, own, asked], partial(_directory_content, asked, user if own else None, member)
    )
    return render(request, "profiles/directory.html", {"content": content})


def _own_entry_unseen(user, *, member):
    """Whether this person has an entry that the others of their kind do not see (one they keep hidden)."""
    visibility = own_visibility(user)
    return bool(visibility) and visibility not in shown_to_others(member=member)


def _directory_content(asked, owner, member):
    """The directory's search form, count, entries and pages as everyone of this kind sees them.

    `owner` is the signed-in person whose own entry only they see, or None: the list
    is then what every member (member=True) or every visitor and non-member sees.
    """
    form = DirectoryFilterForm(QueryDict(urlencode(asked)) or None)
    if owner is None:
        entries = DirectoryEntry.objects.seen_by_others(member=member).for_list()
    else:
        entries = DirectoryEntry.objects.visible_to(owner).for_list()
    if form.is_valid():
        data = form.cleaned_data
        entries = entries.search(data["q"])
        if data["region"]:
            entries = entries.filter(organisation__region=data["region"])
        if data["organisation_type"]:
            entries = entries.filter(organisation__type=data["organisation_type"])
        if data["profession"]:
            entries = entries.filter(profession=data["profession"])
        if data["advisory_panel"]:
            entries = entries.filter(advisory_panel=True)
    entries = entries.order_by("user__display_name", "user__username")
    page = Paginator(entries, DIRECTORY_PAGE_SIZE).get_page(dict(asked).get("page"))
    context = {"form": form, "page_obj": page, "query": _query_string(form)}
    return render_to_string("profiles/_directory_content.html", context)


def _empty_entry_for_members(username, viewer):
    """Members who never filled in their entry still have a page, for other members only."""
    member = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if (
        member is None
        or not (viewer.is_authenticated and viewer.is_member)
        or not member.is_member
        or DirectoryEntry.objects.filter(user=member).exists()  # an entry they chose not to share
    ):
        raise Http404("No such member, or their entry is not shared with you.")
    return DirectoryEntry(user=member)


def member_detail(request, username):
    user = request.user
    signed_in = user.is_authenticated
    viewer = {
        "member": bool(signed_in and user.is_member),
        # Moderators also see hidden posts among the member's recent forum activity.
        "moderator": bool(signed_in and user.is_moderator),
        "self": user.pk if signed_in and user.username.lower() == username.lower() else None,
    }
    # A page that does not exist, or is not shared with this viewer, is never kept: Http404 passes through.
    page = cached_fragment("member-entry", [username.lower(), viewer], partial(_member_page, request, username))
    return render(request, "profiles/member_detail.html", {"page": page})


def _member_page(request, username):
    """What the entry page shows this kind of viewer: its head's words and its rendered body."""
    user = request.user
    entry = DirectoryEntry.objects.visible_to(user).for_list().filter(user__username__iexact=username).first()
    if entry is None:
        entry = _empty_entry_for_members(username, user)
    member = entry.user
    context = {
        "entry": entry,
        "member": member,
        "request": request,  # the recent forum activity asks what the viewer may read
        "is_self": member.pk == user.pk,
        "viewer_is_member": bool(user.is_authenticated and user.is_member),
    }
    return {
        "name": member.public_name,
        "job_title": entry.job_title,
        "organisation": entry.organisation.name if entry.organisation else "",
        "noindex": entry.visibility != Visibility.EVERYONE,
        "content": render_to_string("profiles/_member_detail_content.html", context),
    }


@member_required
def entry_edit(request):
    """A member edits their own entry: there is no way to name anyone else's.

    Suspended members keep their entry but cannot change it until the suspension ends.
    """
    if request.user.is_suspended:
        raise PermissionDenied("Your account is suspended, so your directory entry cannot be changed for now.")
    entry = DirectoryEntry.objects.filter(user=request.user).first() or DirectoryEntry(user=request.user)
    form = DirectoryEntryForm(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST":
        if form.is_valid():
            entry = services.entry_save(member=request.user, form=form)
            messages.success(request, "Your directory entry has been saved.")
            return redirect("profiles:entry_edit")
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    return render(request, "profiles/entry_edit.html", {"form": form, "entry": entry})


# --- CCIO profiles ------------------------------------------------------------


def profile_list(request):
    form = ProfileFilterForm(request.GET or None)
    profiles = CCIOProfile.objects.published().for_list().newest_first()
    if form.is_valid():
        if form.cleaned_data["region"]:
            profiles = profiles.filter(organisation__region=form.cleaned_data["region"])
        if form.cleaned_data["organisation_type"]:
            profiles = profiles.filter(organisation__type=form.cleaned_data["organisation_type"])
    page = Paginator(profiles, PROFILES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "profiles/profile_list.html", {"form": form, "page_obj": page, "query": _query_string(form)}
    )


def profile_detail(request, slug):
    profile = (
        CCIOProfile.objects.visible_to(request.user).select_related("organisation", "member").filter(slug=slug).first()
    )
    if profile is None:
        if CCIOProfile.objects.withdrawn_after_going_live().filter(slug=slug).exists():
            context = {
                "noun": "profile",
                "list_url": reverse("profiles:profile_list"),
                "list_label": "Read other CCIO profiles",
            }
            return render(request, "410.html", context, status=410)
        raise Http404("No such profile.")
    return render_profile(request, profile)


def render_profile(request, profile, *, preview=False):
    """The profile page; the editor area's preview renders through here too."""
    related = []
    if profile.organisation_id:
        related = (
            CCIOProfile.objects.published()
            .for_list()
            .filter(organisation__region=profile.organisation.region)
            .exclude(pk=profile.pk)
            .newest_first()[:3]
        )
    return render(
        request,
        "profiles/profile_detail.html",
        {
            "profile": profile,
            "answers": profile.answers.all(),
            "timeline": profile.timeline.all(),
            "related": related,
            "preview": preview,
        },
    )
