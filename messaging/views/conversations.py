"""Pages that show conversations: the inbox, a conversation, jumps to a message, search."""

from functools import cache

from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from core.pagination import NumberPage, page_number, page_of
from core.textsearch import clean_query
from messaging import access, personal, reading
from messaging.forms import ReplyForm
from messaging.models import MESSAGES_PER_PAGE
from messaging.search import search_messages
from messaging.views.common import private


@private
def inbox(request):
    user = request.user
    # Which conversations and how far read: kept per person; each row: kept per conversation (messaging.personal).
    page, rows = personal.inbox(user, page_number(request))
    is_moderator = access.can_moderate(user)
    can_start = access.can_start(user)
    context = {
        "page_obj": NumberPage(page.number, page.num_pages),
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
    conversation, blocks = personal.reader(request, pk)
    num_pages = conversation.page_count
    number = min(page_number(request), num_pages)
    # The page as every participant sees it is kept; the reader's own parts are laid over it (messaging.personal).
    page = personal.shared_page(conversation, number)
    previous = conversation.my_last_read
    if page.messages:
        # Reading moves their version on; this page's header uses the new one (core.person_cache.signed_in_version).
        reading.record_read(conversation, reader=user, up_to=page.messages[-1].number)
    viewer = personal.MessageViewer(user, conversation, previous=previous, blocks=blocks)
    side = access.writing_side(user, conversation, is_participant=conversation.is_participant)
    context = {
        "conversation": conversation,
        "thread": viewer.thread(page),
        "participants": page.participants,
        "blocked": blocks,
        "page_obj": NumberPage(number, num_pages),
        "can_write": side is not None,
        "as_moderators": side == access.MODERATORS_SIDE,
        "can_add": (
            conversation.is_participant
            and not conversation.with_moderators
            and conversation.started_by_id == user.pk
            and access.can_start(user)
        ),
        "reply_box": _empty_reply_box() if side is not None and number == num_pages else None,
        "suspended": conversation.is_participant and user.is_suspended and not conversation.with_moderators,
    }
    return render(request, "messaging/conversation.html", context)


@cache
def _empty_reply_box():
    """The reply box with nothing typed, the same on every conversation's last page: rendered once."""
    return render_to_string("messaging/_composer.html", {"form": ReplyForm(), "submit": "Send"})


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
