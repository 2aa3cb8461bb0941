"""Pages that write: new conversations, messages to the moderators, replies, adding people,
leaving, reports, the live preview and the member picker.

A rejected message keeps what the member typed (status 400, with an error
summary). One sent after the session expired is shown again with a sign-in
link, and static/js/forum.js keeps drafts in the browser, as in the forum.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core.markdown import render_markdown
from messaging import access, moderation, services
from messaging.forms import (
    AddPeopleForm,
    ContactModeratorsForm,
    NewConversationForm,
    ReplyForm,
    ReportForm,
    accounts_named,
    clean_body_text,
    usernames,
)
from messaging.limits import MessagingError
from messaging.models import MAX_RECIPIENTS, Participant
from messaging.views.common import private


def _rendered(body):
    return mark_safe(render_markdown(clean_body_text(body)))  # noqa: S308 - sanitised by core.markdown


def _preview_html(data):
    try:
        return _rendered(data.get("body", ""))
    except Exception:  # noqa: BLE001 - the form shows the error itself
        return None


def _expired(request, template, form, **context):
    """Someone sent a message without a session: show their text again with a way to sign in."""
    context.update({"form": form, "session_expired": True})
    return render(request, template, context)


def _kept(data, *fields):
    """What was typed, to show again in an unbound form (no errors while previewing or searching)."""
    return {field: str(data.get(field, "")).replace("\x00", "") for field in fields}


def _chosen(data):
    """The active accounts ticked in the picker (or named in ?to=), in order."""
    values = data.getlist("to") if hasattr(data, "getlist") else data.get("to", [])
    names = usernames(values)[: MAX_RECIPIENTS + 1]
    found = accounts_named(names)
    return [found[n.lower()] for n in names if n.lower() in found and found[n.lower()].is_active]


def _picker_context(request, data, *, exclude=()):
    """The picker's state: who is ticked, and (after "Find") whom the search offers."""
    chosen = _chosen(data)
    query = " ".join(str(data.get("q", "")).replace("\x00", "").split())[:100]
    results = []
    if query and "find" in data:
        skip = {p.pk for p in chosen} | set(exclude)
        results = access.find_people(request.user, query, exclude=skip)
    return {"chosen": chosen, "q": query, "results": results, "searched": bool(query and "find" in data)}


@private(keeps_drafts=True)
def new_conversation(request):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        form = NewConversationForm(initial=_kept(request.POST, "subject", "body"), starter=None)
        return _expired(request, "messaging/new.html", form, chosen=_chosen(request.POST))
    if not access.can_start(user):
        return _cannot_start(request)
    data = request.POST if request.method == "POST" else request.GET
    picker = _picker_context(request, data)
    preview, status, notices = None, 200, []
    if request.method == "POST" and ("find" in data or "preview" in data):
        # Searching for people or previewing: no errors yet, nothing lost.
        form = NewConversationForm(initial=_kept(data, "subject", "body"), starter=user)
        if "preview" in data:
            preview = _preview_html(data)
    elif request.method == "POST":
        form = NewConversationForm(request.POST, starter=user)
        if form.is_valid():
            try:
                conversation = services.conversation_start(
                    starter=user,
                    recipients=form.cleaned_data["to"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except MessagingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your message is sent.")
                return redirect(conversation.get_absolute_url())
        status = 400
    else:
        form = NewConversationForm(starter=user)
        notices = list(access.refusals(user, picker["chosen"]).values())
    context = {**picker, "form": form, "preview": preview, "notices": notices}
    return render(request, "messaging/new.html", context, status=status)


def _cannot_start(request):
    user = request.user
    return render(
        request,
        "messaging/refused.html",
        {"suspended": user.is_suspended, "can_contact_moderators": access.can_contact_moderators(user)},
        status=403,
    )


@private
def people(request):
    """The picker's results as a fragment (htmx), for the name typed so far."""
    if not access.can_start(request.user):
        raise PermissionDenied
    exclude = {p.pk for p in _chosen(request.GET)}
    query = " ".join(str(request.GET.get("q", "")).replace("\x00", "").split())[:100]
    results = access.find_people(request.user, query, exclude=exclude)
    return render(request, "messaging/_people_results.html", {"results": results, "q": query, "searched": True})


@require_POST
@private
def preview(request):
    html = None
    try:
        html = _rendered(request.POST.get("body", ""))
    except Exception as error:  # noqa: BLE001 - a ValidationError's message is shown instead
        messages_ = getattr(error, "messages", ["Nothing to preview yet."])
        return render(request, "forum/_preview.html", {"error": messages_[0]})
    return render(request, "forum/_preview.html", {"html": html})


@private(keeps_drafts=True)
def contact_moderators(request):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        form = ContactModeratorsForm(initial=_kept(request.POST, "subject", "body"))
        return _expired(request, "messaging/contact_moderators.html", form)
    if not access.can_contact_moderators(user):
        return render(request, "messaging/refused.html", {"not_member": True}, status=403)
    preview, status = None, 200
    if request.method == "POST":
        form = ContactModeratorsForm(request.POST)
        if "preview" in request.POST:
            form = ContactModeratorsForm(initial=_kept(request.POST, "subject", "body"))
            preview = _preview_html(request.POST)
        elif form.is_valid():
            try:
                conversation = services.moderators_contact(
                    author=user, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
                )
            except MessagingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your message is sent to the moderators.")
                return redirect(conversation.get_absolute_url())
            status = 400
        else:
            status = 400
    else:
        form = ContactModeratorsForm()
    return render(request, "messaging/contact_moderators.html", {"form": form, "preview": preview}, status=status)


@private(keeps_drafts=True)
def reply(request, pk):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        form = ReplyForm(initial=_kept(request.POST, "body"))
        return _expired(request, "messaging/reply.html", form, action=request.path)
    conversation = access.get_conversation(request, pk)
    side = access.writing_side(user, conversation, is_participant=conversation.is_participant)
    if side is None:
        return render(request, "messaging/refused.html", {"suspended": user.is_suspended}, status=403)
    preview, status = None, 200
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if "preview" in request.POST:
            form = ReplyForm(initial=_kept(request.POST, "body"))
            preview = _preview_html(request.POST)
        elif form.is_valid():
            try:
                message = services.reply_create(author=user, conversation=conversation, body=form.cleaned_data["body"])
            except MessagingError as error:
                form.add_error(None, str(error))
            else:
                return redirect(message.get_absolute_url())
            status = 400
        else:
            status = 400
    else:
        form = ReplyForm()
    context = {
        "conversation": conversation,
        "form": form,
        "preview": preview,
        "action": request.path,
        "as_moderators": side == access.MODERATORS_SIDE,
    }
    return render(request, "messaging/reply.html", context, status=status)


@private
def add_people(request, pk):
    user = request.user
    conversation = access.get_conversation(request, pk)
    if not (
        conversation.is_participant
        and not conversation.with_moderators
        and conversation.started_by_id == user.pk
        and access.can_start(user)
    ):
        raise PermissionDenied
    current = set(Participant.objects.current().filter(conversation=conversation).values_list("user_id", flat=True))
    data = request.POST if request.method == "POST" else request.GET
    picker = _picker_context(request, data, exclude=current)
    status = 200
    if request.method == "POST" and "find" not in data:
        form = AddPeopleForm(request.POST, by=user, conversation=conversation, current=current)
        if form.is_valid():
            try:
                added = services.participants_add(conversation=conversation, by=user, people=form.cleaned_data["to"])
            except MessagingError as error:
                form.add_error(None, str(error))
            else:
                names = ", ".join(person.public_name for person in added)
                messages.success(request, f"Added to the conversation: {names}.")
                return redirect(conversation.get_absolute_url())
        status = 400
    else:
        form = AddPeopleForm(by=user, conversation=conversation, current=current)
    context = {**picker, "form": form, "conversation": conversation}
    return render(request, "messaging/add.html", context, status=status)


@private
def leave(request, pk):
    conversation = access.get_conversation(request, pk)
    if not conversation.is_participant:
        raise PermissionDenied  # a moderator answering for the team has nothing to leave
    if request.method == "POST":
        try:
            services.conversation_leave(conversation=conversation, user=request.user)
        except MessagingError as error:
            messages.error(request, str(error))
            return redirect(conversation.get_absolute_url())
        messages.success(request, f"You left “{conversation.subject}”.")
        return redirect("messaging:inbox")
    return render(request, "messaging/leave.html", {"conversation": conversation})


@private
def report(request, pk):
    message = access.get_message(request, pk)
    if not moderation.can_report(request.user, message):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.report_create(
                    message=message,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    detail=form.cleaned_data["detail"],
                )
            except MessagingError as error:
                messages.info(request, str(error))
            else:
                messages.success(request, "Thank you. A moderator will look at this message.")
            return redirect(message.get_absolute_url())
        status = 400
    return render(request, "messaging/report.html", {"message": message, "form": form}, status=status)
