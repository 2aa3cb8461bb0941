"""Pages that show conversations: the inbox, a conversation, jumps to a message, search."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from core.pagination import NumberPage, number_range, page_number, page_of
from core.textsearch import clean_query
from messaging import access, moderation, reading
from messaging.forms import ReplyForm
from messaging.models import CONVERSATIONS_PER_PAGE, MESSAGES_PER_PAGE, Block, Message, author_label
from messaging.search import search_messages
from messaging.views.common import private


@private
def inbox(request):
    user = request.user
    page_obj = Paginator(reading.inbox(user), CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = reading.mark_inbox_rows(list(page_obj.object_list), user)
    is_moderator = access.can_moderate(user)
    can_start = access.can_start(user)
    context = {
        "page_obj": page_obj,
        "rows": rows,
        "can_start": can_start,
        "can_contact_moderators": can_start or access.can_contact_moderators(user),
        "is_moderator": is_moderator,
        "awaiting": reading.awaiting_moderators().count() if is_moderator else 0,
    }
    return render(request, "messaging/inbox.html", context)


@private
def conversation(request, pk):
    user = request.user
    conversation = access.get_conversation(request, pk)
    num_pages = conversation.page_count
    number = min(page_number(request), num_pages)
    low, high = number_range(number, MESSAGES_PER_PAGE)
    # Pages are cut by message number over the (conversation, number) index: no OFFSET, however long.
    messages = list(
        Message.objects.filter(conversation=conversation, number__gte=low, number__lte=high)
        .select_related("author", "actor")
        .annotate(blocked=access.blocked_for(user))
        .order_by("number")
    )
    participants = list(conversation.participants.select_related("user").order_by("joined_at", "pk"))
    previous = conversation.my_last_read
    if messages:
        reading.record_read(conversation, reader=request.user, up_to=messages[-1].number)
    for message in messages:
        message.conversation = conversation
        message.is_new = previous is not None and message.number > previous
        message.author_name = author_label(message, for_moderators=conversation.as_moderator)
        message.can_report = moderation.can_report(user, message)
    side = access.writing_side(user, conversation, is_participant=conversation.is_participant)
    others = [p for p in participants if p.user_id != user.pk]
    blocked = set(
        Block.objects.filter(blocker=user, blocked_id__in=[p.user_id for p in others]).values_list(
            "blocked_id", flat=True
        )
    )
    for participant in others:
        participant.blocked = participant.user_id in blocked
    context = {
        "conversation": conversation,
        "thread": [m for m in messages if not m.blocked],
        "participants": participants,
        "current": [p for p in participants if p.left_at is None],
        "others": others,
        "page_obj": NumberPage(number, num_pages),
        "can_write": side is not None,
        "as_moderators": side == access.MODERATORS_SIDE,
        "can_add": (
            conversation.is_participant
            and not conversation.with_moderators
            and conversation.started_by_id == user.pk
            and access.can_start(user)
        ),
        "form": ReplyForm() if side is not None and number == num_pages else None,
        "suspended": conversation.is_participant and user.is_suspended and not conversation.with_moderators,
    }
    return render(request, "messaging/conversation.html", context)


def _page_link(conversation, number, anchor):
    page = page_of(number, MESSAGES_PER_PAGE)
    query = f"?page={page}" if page > 1 else ""
    return f"{conversation.get_absolute_url()}{query}#{anchor}"


@private
def first_unread(request, pk):
    """Jump to the first message this person has not read."""
    conversation = access.get_conversation(request, pk)
    first = reading.first_unread_number(conversation)
    return redirect(_page_link(conversation, first, f"m-{first}"))


@private
def permalink(request, pk):
    message = access.get_message(request, pk)
    return redirect(_page_link(message.conversation, message.number, f"m-{message.number}"))


@private
def search(request, pk=None):
    user = request.user
    conversation = access.get_conversation(request, pk) if pk is not None else None
    query = clean_query(request.GET.get("q"))
    page = page_number(request)
    results, has_next = search_messages(user, query, conversation=conversation, page=page) if query else ([], False)
    context = {"q": query, "page": page, "results": results, "has_next": has_next, "conversation": conversation}
    return render(request, "messaging/search.html", context)
