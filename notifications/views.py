import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.content_cache import cached_many, content_version
from core.pagination import NumberPage, page_count, page_number
from core.permissions import editor_required
from core.person_cache import KEPT_SECONDS, signed_in_version
from notifications import emails, kinds, services, weekly
from notifications import preferences as email_preferences
from notifications.forms import PreferencesForm, PreviewForm, WeeklySummaryForm
from notifications.models import Notification, SummaryConsent
from notifications.tokens import DIGEST, WEEKLY_SUMMARY, read_unsubscribe_token

PER_PAGE = 25


class _Row:
    """A notification on the list, known in the cache by its id and whether it is read: its row changes with that."""

    __slots__ = ("notification", "pk")

    def __init__(self, notification):
        self.notification = notification
        self.pk = f"{notification.pk}.{'unread' if notification.is_unread else 'read'}"


def _rows_html(notifications):
    """The rendered rows: each kept until content changes (the actor's name is shown as it is now)."""
    template = get_template("notifications/_notification.html")
    rows = cached_many(
        "notification-row",
        [],
        [_Row(notification) for notification in notifications],
        lambda row: template.render({"notification": row.notification}),
    )
    return mark_safe("".join(rows))  # noqa: S308 - rendered by our template


def _list_page(user, requested):
    """(page number, pages, ids on it, rows HTML) of the member's notifications, newest first."""
    mine = Notification.objects.for_recipient(user)
    num_pages = page_count(mine.count(), PER_PAGE)
    number = min(requested, num_pages)
    start = (number - 1) * PER_PAGE
    # Each shows its actor's current name (Notification.text): one join, no query per row.
    notifications = list(
        mine.select_related("actor").only(
            "pk",
            "kind",
            "title",
            "body",
            "created_at",
            "read_at",
            "url",
            "actor_named",
            "actor__username",
            "actor__display_name",
            "actor__is_active",
        )[start : start + PER_PAGE]
    )
    return number, num_pages, [n.pk for n in notifications], _rows_html(notifications)


def _kept_list_page(user, requested):
    """_list_page, kept per person until their notifications or content change.

    Every new notification and every one read moves the person's version on
    (notifications.services: header.counts_changed); the actors' names are
    content. The kinds a role adds count only where its second factor does
    (Notification.objects.for_recipient), so they are part of the key.
    """
    if not settings.CONTENT_CACHE:
        return _list_page(user, requested)
    hidden = sorted(kind.code for kind in kinds.all_kinds() if not kind.offered_to(user))
    version = signed_in_version(user)
    powers = hashlib.sha256(repr(hidden).encode()).hexdigest()[:16]
    key = f"notification-list:{user.pk}:{version}:{content_version()}:{powers}:{requested}"
    page = cache.get(key)
    if page is None:
        page = _list_page(user, requested)
        if page[0] == requested:  # a page beyond the last is not kept under its own number
            cache.set(key, page, KEPT_SECONDS)
    return page


@login_required
def notification_list(request):
    number, num_pages, ids, rows = _kept_list_page(request.user, page_number(request))
    context = {"page_obj": NumberPage(number, num_pages), "notifications": ids, "rows": rows}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:list")


@login_required
def open_notification(request, pk):
    """Mark the member's own notification read and go to the thing it is about."""
    try:
        notification = services.open_notification(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404("No such notification.") from None
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
def preferences(request):
    current = email_preferences.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, initial_frequencies=current, user=request.user)
    if request.method == "POST" and form.is_valid():
        email_preferences.set_preferences(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, "Your notification preferences have been saved.")
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _invalid_link(request):
    return render(request, "notifications/unsubscribe_invalid.html", status=400)


# The signed token in the address is the proof of ownership, and mail clients
# send RFC 8058 one-click POSTs without a CSRF token, so CSRF does not apply.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    data = read_unsubscribe_token(token)
    if data is None:
        return _invalid_link(request)
    user_id, kind = data
    if kind == WEEKLY_SUMMARY:
        return _stop_weekly_summary(request, user_id, token)
    if kind != DIGEST and kind not in kinds.KINDS:
        return _invalid_link(request)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return _invalid_link(request)
    label = "daily digest emails" if kind == DIGEST else f"emails about “{kinds.KINDS[kind].label}”"
    if request.method == "POST":
        scope = "all" if request.POST.get("scope") == "all" else kind
        email_preferences.unsubscribe(user=user, kind=scope)
        done_label = "all notification emails" if scope == "all" else label
        return render(request, "notifications/unsubscribe_done.html", {"label": done_label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token, "kind": kind})


def _stop_weekly_summary(request, user_id, token):
    """The weekly summary's link: a POST (the button, or a mail client's one-click) withdraws consent, on record."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return _invalid_link(request)
    label = "the weekly summary email"
    if request.method == "POST":
        weekly.record_choice(user=user, agreed=False, method=SummaryConsent.Method.EMAIL_LINK)
        return render(request, "notifications/unsubscribe_done.html", {"label": label, "weekly": True})
    return render(
        request,
        "notifications/unsubscribe.html",
        {"label": label, "token": token, "kind": WEEKLY_SUMMARY, "weekly": True},
    )


@login_required
@require_POST
def weekly_summary_choice(request):
    """The choice on /account/: each change is recorded as consent or withdrawal."""
    form = WeeklySummaryForm(request.POST)
    form.is_valid()  # a checkbox: anything but a ticked box means no
    agreed = bool(form.cleaned_data.get("weekly_summary"))
    record = weekly.record_choice(user=request.user, agreed=agreed, method=SummaryConsent.Method.ACCOUNT)
    if record is not None:
        messages.success(
            request,
            "You will get the weekly summary email."
            if agreed
            else "You will not get the weekly summary email any more.",
        )
    return redirect("accounts:settings")


@editor_required
def weekly_summary_preview(request):
    """This week's summary as a chosen member would get it; nothing is sent or recorded."""
    form = PreviewForm(request.GET or None)
    context = {"form": form}
    status = 200
    if form.is_bound and form.is_valid():
        wanted = form.cleaned_data["member"].strip()
        member = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(username__iexact=wanted) | Q(email__iexact=wanted))
            .first()
        )
        if member is None:
            form.add_error("member", "No active account has that username or email address.")
            status = 400
        else:
            found = weekly.preview(member)
            context |= {
                "member": member,
                "since": found["since"],
                "consented": weekly.has_consented(member),
                "subject": emails.WEEKLY_SUMMARY_SUBJECT,
                **emails.weekly_summary_context(member, found["sections"]),
            }
    elif form.is_bound:
        status = 400
    response = render(request, "notifications/weekly_summary_preview.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
