"""Moderators' pages: the moderators' inbox, a reported message in its conversation, and what they do."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.pagination import NumberPage, number_range, page_number, page_of
from core.permissions import moderator_required
from messaging import access, moderation, services
from messaging.limits import MessagingError
from messaging.models import CONVERSATIONS_PER_PAGE, MESSAGES_PER_PAGE, Conversation, Message, Report, author_label
from messaging.views.common import private


@private
@moderator_required
def moderators_inbox(request):
    conversations = (
        Conversation.objects.filter(kind=Conversation.Kind.MODERATORS)
        .select_related("started_by")
        .order_by("-awaiting_moderators", "-last_message_at", "-pk")
    )
    page_obj = Paginator(conversations, CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "messaging/moderators_inbox.html", {"page_obj": page_obj})


@require_POST
@private
def handled(request, pk):
    conversation = access.get_conversation(request, pk)
    try:
        services.moderators_handled(conversation=conversation, moderator=request.user)
    except MessagingError as error:
        messages.error(request, str(error))
        return redirect(conversation.get_absolute_url())
    messages.success(request, "Marked as needing no answer.")
    return redirect("messaging:moderators_inbox")


@private
@moderator_required
def report_detail(request, pk):
    """A report, with the reported message in its conversation: the one way a moderator reads
    a conversation between members."""
    report = get_object_or_404(
        Report.objects.select_related("reporter", "resolved_by", "message__author", "message__conversation"), pk=pk
    )
    message = report.message
    conversation = message.conversation
    refusal = None
    if request.method == "POST":
        response, refusal = _act(request, report)
        if response:
            return response
    num_pages = conversation.page_count
    number = min(page_number(request, default=page_of(message.number, MESSAGES_PER_PAGE)), num_pages)
    low, high = number_range(number, MESSAGES_PER_PAGE)
    shown = list(
        Message.objects.filter(conversation=conversation, number__gte=low, number__lte=high)
        .select_related("author", "actor")
        .order_by("number")
    )
    for item in shown:
        item.author_name = author_label(item, for_moderators=True)
        item.is_reported = item.pk == message.pk
    others = list(
        Report.objects.filter(message=message, status=Report.Status.OPEN)
        .exclude(pk=report.pk)
        .select_related("reporter")
    )
    context = {
        "report": report,
        "message": message,
        "conversation": conversation,
        "shown": shown,
        "other_reports": others,
        "participants": list(conversation.participants.select_related("user").order_by("joined_at", "pk")),
        "page_obj": NumberPage(number, num_pages),
        # A refused action comes back here with GOV.UK's error summary and the reason as typed.
        "error_items": [("#reason", refusal)] if refusal else [],
        "typed_reason": request.POST.get("reason", "").replace("\x00", "")[:300] if refusal else "",
    }
    return render(request, "messaging/moderation/report.html", context, status=400 if refusal else 200)


def _act(request, report):
    """Hide or dismiss: (a redirect, None) when done, or (None, why not) for the page to show."""
    action = request.POST.get("action")
    reason = " ".join((request.POST.get("reason") or "").replace("\x00", "").split())[:300]
    try:
        if action == "hide":
            moderation.message_hide(report=report, moderator=request.user, reason=reason)
            messages.success(request, "The message is hidden.")
        elif action == "dismiss":
            moderation.report_dismiss(report=report, moderator=request.user, reason=reason)
            messages.success(request, "Report dismissed.")
        else:
            return None, "Choose whether to hide the message or dismiss the report."
    except MessagingError as error:
        return None, str(error)
    return redirect("forum:moderation_queue"), None
