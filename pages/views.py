"""Pages at the top of the site, the contact form and the moderators' contact inbox."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.permissions import moderator_required
from pages import services
from pages.forms import ContactForm, HandledForm
from pages.models import ContactMessage, Page
from profiles.models import CCIOProfile

INBOX_PAGE_SIZE = 25


def page_detail(request, slug):
    try:
        page = Page.objects.visible_to(request.user).get(slug=slug)
    except Page.DoesNotExist:
        if Page.objects.withdrawn_after_going_live().filter(slug=slug).exists():
            context = {"noun": "page", "list_url": reverse("home"), "list_label": "Go to the home page"}
            return render(request, "410.html", context, status=410)
        raise Http404("No such page.") from None
    return render_page(request, page)


def advisory_panel():
    """The panel as published CCIO profiles say it is today: the chair first, then by name."""
    return (
        CCIOProfile.objects.published()
        .filter(advisory_panel=True)
        .select_related("organisation")
        .only("name", "role_title", "slug", "panel_chair", "organisation__name", "standfirst")
        .order_by("-panel_chair", "name", "pk")
    )


def render_page(request, page, *, preview=False):
    """The page as readers see it; the editor area's preview renders through here too."""
    panel = list(advisory_panel()) if page.show_advisory_panel else None
    return render(request, "pages/detail.html", {"page": page, "panel": panel, "preview": preview})


def contact(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.public_name, "email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.honeypot_filled:
            # As allauth does for sign-up: a robot is told it worked, and nothing is kept or sent.
            return redirect("pages:contact_sent")
        if form.is_valid():
            data = form.cleaned_data
            client_ip = get_adapter(request).get_client_ip(request)
            if services.within_limits(client_ip=client_ip, email=data["email"]):
                services.contact_send(
                    name=data["name"],
                    email=data["email"],
                    topic=data["topic"],
                    message=data["message"],
                    sender=request.user,
                )
                return redirect("pages:contact_sent")
            form.add_error(
                None,
                "Too many messages have been sent from here or to this address lately. Please wait an hour and "
                "send it again; what you typed is kept below.",
            )
            return render(request, "pages/contact.html", {"form": form}, status=429)
        return render(request, "pages/contact.html", {"form": form}, status=400)
    return render(request, "pages/contact.html", {"form": form})


def contact_sent(request):
    return render(request, "pages/contact_sent.html")


@moderator_required
def contact_inbox(request):
    show = "all" if request.GET.get("show") == "all" else "waiting"
    contacts = ContactMessage.objects.select_related("handled_by").defer("message", "note", "fingerprint")
    if show == "waiting":
        contacts = contacts.filter(handled_at__isnull=True)
    page = Paginator(contacts, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = ContactMessage.objects.filter(handled_at__isnull=True).count()
    response = render(
        request,
        "pages/contact_inbox.html",
        {"page_obj": page, "show": show, "show_query": "show=all" if show == "all" else "", "waiting": waiting},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _message_context(contact, form):
    return {"contact": contact, "form": form, "contact_mark_url": reverse("pages:contact_mark", args=[contact.pk])}


@moderator_required
def contact_message(request, pk):
    contact = get_object_or_404(ContactMessage.objects.select_related("handled_by", "sender"), pk=pk)
    form = HandledForm(initial={"handled": contact.is_handled, "note": contact.note})
    response = render(request, "pages/contact_message.html", _message_context(contact, form))
    response["Cache-Control"] = "private, no-store"
    return response


@moderator_required
@require_POST
def contact_mark(request, pk):
    contact = get_object_or_404(ContactMessage, pk=pk)
    form = HandledForm(request.POST)
    if not form.is_valid():
        contact = ContactMessage.objects.select_related("handled_by", "sender").get(pk=pk)
        return render(request, "pages/contact_message.html", _message_context(contact, form), status=400)
    contact = services.contact_mark(
        contact=contact, by=request.user, handled=form.cleaned_data["handled"], note=form.cleaned_data["note"]
    )
    messages.success(request, "Marked as handled." if contact.is_handled else "Saved; the message is still waiting.")
    return redirect("pages:contact_inbox")
