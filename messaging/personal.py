"""What the inbox and a conversation page keep, and the parts laid over it for each reader.

A page of a conversation's messages reads the same for every participant, so
it is rendered once and kept (core.content_cache) under what it shows: the
conversation's last message number (every message, arrival and departure
moves it on), the page, whether a moderator reads it for the team (they see
which moderator answered), and the content version (the names shown are
members' current names; a moderator hiding a message starts it afresh too,
moderation.message_hide). Where a message shows something of the reader's
own (its "New" badge, the look of their own messages, the Report link) the
shared HTML holds a marker, `{{ message.pk|me:"new" }}`, and `MessageViewer`
puts the reader's part in its place; messages from someone the reader
blocked are left out.

The inbox keeps one row per conversation the same way, under its last
message number, and lays over it the reader's unread marks and the names of
the others in it. Which conversations are on a member's page, and how far
they have read each, is kept under their person version
(core.person_cache): a message added, a conversation read, joined or left
calls person_changed for everyone in it (services._add, reading.record_read,
receivers.erase_messaging_traces).

The parts are built as strings, not templates: twenty template renders on a
page would cost more than the rest of it.
"""

from collections import namedtuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape

from core.content_cache import cached_fragment, cached_many, content_version
from core.overlay import fill_objects
from core.pagination import number_range, page_count
from core.person_cache import KEPT_SECONDS, signed_in_version
from messaging import access, moderation
from messaging.models import (
    CONVERSATIONS_PER_PAGE,
    MESSAGES_PER_PAGE,
    Block,
    Conversation,
    Message,
    Participant,
    author_label,
)

_PK = 999_999_999  # stands for an id in addresses reversed once per page
NAMES_SHOWN = 4  # others named on an inbox row; the rest are "and N more"


def _address(name):
    """A function of an id giving the address `name` reverses to for it: reversed once."""
    pattern = reverse(name, args=[_PK])
    return lambda pk: pattern.replace(str(_PK), str(int(pk)))


def _version(user):
    """The person's version (core.person_cache): the signed-in user came with it (accounts.backends)."""
    return signed_in_version(user)


# --- a conversation's page of messages ---------------------------------------------


def reader(request, pk):
    """(conversation, blocks): the conversation as this person may read it (access.check_conversation,
    asked on every view) with their read position, and {someone they blocked: since when}.

    While they are in the conversation both are kept under their person version:
    a message added, their reading further, anyone joining or leaving
    (services._add, reading.record_read) and their blocks (services.block,
    unblock) move it on. Moderators answering for the team load it each time.
    """
    user = request.user
    key = f"messaging-reader:{user.pk}:{_version(user)}:{pk}" if settings.CONTENT_CACHE else None
    kept = cache.get(key) if key else None
    if kept is not None:
        return access.check_conversation(request, kept[0]), kept[1]
    conversation = access.check_conversation(request, access.load_conversation(user, pk))
    blocks = dict(Block.objects.filter(blocker=user).values_list("blocked_id", "created"))
    if key and conversation.is_participant:
        cache.set(key, (conversation, blocks), KEPT_SECONDS)
    return conversation, blocks


class MessageFacts(namedtuple("MessageFacts", "pk number kind author_id as_moderators hidden created")):
    """What the reader's parts need to know of a message, kept beside its shared HTML."""

    __slots__ = ()

    @property
    def is_event(self):
        return self.kind != Message.Kind.MESSAGE


PersonFacts = namedtuple("PersonFacts", "user_id username name is_active left_at")
SharedPage = namedtuple("SharedPage", "messages html participants")


def shared_page(conversation, number):
    """One page of a conversation (its messages' facts and HTML) and everyone who is or was in it."""
    vary_on = [conversation.pk, number, conversation.last_number, conversation.as_moderator]
    return cached_fragment("messaging-page", vary_on, lambda: _build_page(conversation, number))


def _build_page(conversation, number):
    low, high = number_range(number, MESSAGES_PER_PAGE)
    # Pages are cut by message number over the (conversation, number) index: no OFFSET, however long.
    messages = list(
        Message.objects.filter(conversation=conversation, number__gte=low, number__lte=high)
        .select_related("author", "actor")
        .order_by("number")
    )
    template = get_template("messaging/_message.html")
    html = []
    for message in messages:
        message.author_name = author_label(message, for_moderators=conversation.as_moderator)
        html.append(template.render({"message": message, "shared": True}))
    people = conversation.participants.select_related("user").order_by("joined_at", "pk")
    return SharedPage(
        [MessageFacts(*(getattr(m, name) for name in MessageFacts._fields)) for m in messages],
        html,
        [PersonFacts(p.user_id, p.user.username, p.user.public_name, p.user.is_active, p.left_at) for p in people],
    )


class MessageViewer:
    """One person reading one page of a conversation: their parts of each message.

    `previous` is how far they had read before this page (None for a moderator
    answering for the team); `blocks` is {someone they blocked: since when}.
    """

    def __init__(self, user, conversation, *, previous, blocks):
        self.user = user
        self.conversation = conversation
        self.previous = previous
        self.blocks = blocks
        self.report_url = _address("messaging:report_message")

    def blocked(self, message):
        """Written by someone the reader blocked, after the block (access.blocked_for, in Python)."""
        since = self.blocks.get(message.author_id)
        return since is not None and since <= message.created

    def _new(self, message):
        return self.previous is not None and message.number > self.previous

    def look(self, message):
        new = " messaging-new" if self._new(message) else ""
        return new + (" messaging-mine" if message.author_id == self.user.pk else "")

    def new(self, message):
        return '<span class="badge text-bg-primary">New</span>' if self._new(message) else ""

    def report(self, message):
        if not moderation.can_report(self.user, message, conversation=self.conversation):
            return ""
        return (
            f'<footer class="card-footer small"><a href="{self.report_url(message.pk)}">Report'
            '<span class="visually-hidden"> this message to the moderators</span></a></footer>'
        )

    def thread(self, page):
        """The page's messages as this reader sees them, without those from people they blocked."""
        shown = {m.pk: m for m in page.messages if not self.blocked(m)}
        html = "".join(h for m, h in zip(page.messages, page.html, strict=True) if m.pk in shown)
        return fill_objects(html, shown, {"look": self.look, "new": self.new, "report": self.report})


# --- the inbox -----------------------------------------------------------------------


class InboxEntry(
    namedtuple("InboxEntry", "conversation_id last_read_number last_number subject kind last_message_at")
):
    """A conversation on a member's inbox page, and how far they have read it."""

    __slots__ = ()

    @property
    def pk(self):
        """What its kept row is known by: the conversation as of its last message."""
        return f"{self.conversation_id}.{self.last_number}"

    @property
    def unread_count(self):
        return max(0, self.last_number - self.last_read_number)

    @property
    def with_moderators(self):
        return self.kind == Conversation.Kind.MODERATORS


InboxPage = namedtuple("InboxPage", "number num_pages entries")


def inbox(user, requested):
    """(page, rows HTML): the member's current conversations on page `requested` (the last one if beyond),
    most recent first, as they see them.

    Which conversations, and how far read, are kept under their person version
    (one query when it changed); the rows as they see them also under the
    content version (the names shown). Each row is kept per conversation
    (inbox_rows), so a change re-renders only the rows it touched.
    """
    if not settings.CONTENT_CACHE:
        page = _inbox_page(user, requested)
        return page, inbox_rows(user, page.entries)
    version = _version(user)
    page_key = f"messaging-inbox:{user.pk}:{version}:{requested}"
    shown_key = f"messaging-inbox-shown:{user.pk}:{version}:{content_version()}:{requested}"
    found = cache.get_many([shown_key, page_key])
    if shown_key in found:
        return found[shown_key]
    page = found.get(page_key)
    if page is None:
        page = _inbox_page(user, requested)
        if page.number == requested:  # a page beyond the last is not kept under its own number
            cache.set(page_key, page, KEPT_SECONDS)
    shown = page._replace(entries=()), inbox_rows(user, page.entries)  # kept small: the rows say it all
    if page.number == requested:
        cache.set(shown_key, shown, KEPT_SECONDS)
    return shown


def _inbox_page(user, requested):
    rows = Participant.objects.current().filter(user=user)
    num_pages = page_count(rows.count(), CONVERSATIONS_PER_PAGE)
    number = min(requested, num_pages)
    start = (number - 1) * CONVERSATIONS_PER_PAGE
    entries = rows.order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id").values_list(
        "conversation_id",
        "last_read_number",
        "conversation__last_number",
        "conversation__subject",
        "conversation__kind",
        "conversation__last_message_at",
    )[start : start + CONVERSATIONS_PER_PAGE]
    return InboxPage(number, num_pages, [InboxEntry(*entry) for entry in entries])


def inbox_rows(user, entries):
    """The rows of an inbox page: shared rows (kept per conversation) with this member's marks."""
    if not entries:
        return ""
    template = get_template("messaging/_inbox_row.html")
    people = {}

    def current_people():
        """{conversation: [(user id, name)]} of everyone still in the page's conversations: one query, once."""
        if not people:
            for entry in entries:
                people[entry.conversation_id] = []
            found = (
                Participant.objects.current()
                .filter(conversation_id__in=list(people))
                .select_related("user")
                .order_by("joined_at", "pk")
            )
            for participant in found:
                people[participant.conversation_id].append((participant.user_id, participant.user.public_name))
        return people

    def render(entry):
        return template.render({"row": entry}), tuple(current_people()[entry.conversation_id])

    kept = cached_many("messaging-inbox-row", [], entries, render)
    unread_url = _address("messaging:unread")
    conversation_url = _address("messaging:conversation")
    rows = {entry.conversation_id: (entry, names) for entry, (_, names) in zip(entries, kept, strict=True)}

    def others(row):
        named = [escape(name) for pk, name in row[1] if pk != user.pk]
        if not named:
            return "With nobody else now"
        more = f" and {len(named) - NAMES_SHOWN} more" if len(named) > NAMES_SHOWN else ""
        return f"With {', '.join(named[:NAMES_SHOWN])}{more}"

    def link(row):
        entry = row[0]
        return (unread_url if entry.unread_count else conversation_url)(entry.conversation_id)

    def label(row):
        count = row[0].unread_count
        return f'<span class="visually-hidden"> ({count} unread)</span>' if count else ""

    def badge(row):
        count = row[0].unread_count
        return f'<span class="badge text-bg-primary me-1" aria-hidden="true">{count} new</span>' if count else ""

    parts = {
        "unread_row": lambda row: " messaging-unread" if row[0].unread_count else "",
        "bold": lambda row: " fw-bold" if row[0].unread_count else "",
        "link": link,
        "label": label,
        "badge": badge,
        "with": others,
    }
    return fill_objects("".join(html for html, _ in kept), rows, parts)
