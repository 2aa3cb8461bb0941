"""The parts of the forum's pages that differ from one member to the next.

A page of posts looks the same to everyone with the same reading scope
(forum.access.reading_scope), so the view renders it once per content
version and keeps it (core.content_cache). Where a post shows something that
belongs to one person (the "New" badge, a "Message" link to its author, the
like, bookmark, edit and delete controls and the forms' CSRF token), the
shared HTML holds a marker, `{{ post.pk|me:"actions" }}`, and `fill` puts
this viewer's part in its place, built from what the view loaded for them
(what they liked and bookmarked: one query for the page).

Topic lists work the same way (`topic_rows`): the rows of a page are kept
once, and the member's unread marks (read for just those topics, one small
query) are laid over them; so are the unread counts on the forum index
(`category_rows`).

The parts are built as strings, not templates: a page has up to 20 posts,
and twenty template renders would cost more than the rest of the page. The
like and bookmark buttons are the same strings the htmx endpoints return.
"""

from urllib.parse import quote

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.frame import csrf_token
from core.overlay import MARKER, fill_objects
from core.person_cache import person_changed, person_version
from core.urls import address_for_id, kept_reverse
from forum import access

# What a member has read, muted and bookmarked has a version of its own (core.person_cache): it moves on with
# nearly every topic they open, and should not make their account and header counts be read again.
OWN = "forum"


def own_version(user):
    """A number that moves on whenever what this member has read, muted or bookmarked changes.

    Part of the key, with the content version, of what is kept about one member's
    own lists (their unread topics and counts, their bookmarks). None without a shared cache.
    """
    if not settings.CONTENT_CACHE:
        return None
    return person_version(user.pk, kind=OWN)


def own_changed(user_ids):
    """These members read further, muted or bookmarked something: their own lists are read afresh."""
    person_changed(user_ids, kind=OWN)


class _Facts:
    """Some attributes copied from a model instance; pickled as a plain tuple."""

    __slots__ = ()
    copied = ()

    def __init__(self, instance):
        for name in self.copied:
            setattr(self, name, getattr(instance, name))

    def __getstate__(self):
        return tuple(getattr(self, name, None) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)


class AuthorFacts(_Facts):
    __slots__ = copied = ("pk", "username", "public_name", "is_active")


class PostFacts(_Facts):
    """What the personal parts need to know of a post, kept beside the shared HTML.

    Small and plain, so that reading a page of them back from the cache costs
    little: unpickling twenty model instances and their authors cost more
    than the rest of the page.
    """

    __slots__ = ("pk", "number", "author_id", "like_count", "hidden", "deleted", "created", "author", "topic")
    copied = __slots__[:7]

    def __init__(self, post):
        super().__init__(post)
        self.author = None if post.author is None else AuthorFacts(post.author)
        self.topic = None  # the page's topic, set by the view: never kept in the cache


def _post_form(action, csrf_token, button, *, htmx=False, announce=""):
    """A one-button POST form. action and csrf_token are our own (a reversed address, a token of letters).

    With htmx it updates in place; `announce` is what static/js/live-updates.js says once it has.
    """
    swap = f' hx-post="{action}" hx-target="this" hx-swap="outerHTML" class="d-inline"' if htmx else ""
    if announce:
        swap += f' data-announce="{announce}"'
    return (
        f'<form method="post" action="{action}"{swap}>'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">{button}</form>'
    )


def like_control(post, *, csrf_token, can_like, liked, url=None):
    """The like button (or, for those who may not like this post, its count)."""
    count = int(post.like_count)
    if not can_like:
        return f'<span class="text-body-secondary">{count} like{"" if count == 1 else "s"}</span>' if count else ""
    button = (
        f'<button class="btn btn-sm {"btn-primary" if liked else "btn-outline-primary"}" '
        f'aria-pressed="{"true" if liked else "false"}">Like <span class="visually-hidden">this post</span>· {count}'
        "</button>"
    )
    state = "You like this post" if liked else "You no longer like this post"
    announce = f"{state}: {count} like{'' if count == 1 else 's'}."
    url = url or reverse("forum:like", args=[post.pk])
    return mark_safe(_post_form(url, csrf_token, button, htmx=True, announce=announce))  # noqa: S308


def bookmark_control(post, *, csrf_token, bookmarked, url=None):
    button = (
        f'<button class="btn btn-sm btn-link" aria-pressed="{"true" if bookmarked else "false"}">'
        f"{'Bookmarked' if bookmarked else 'Bookmark'}</button>"
    )
    announce = "Bookmarked." if bookmarked else "Bookmark removed."
    url = url or reverse("forum:bookmark", args=[post.pk])
    return mark_safe(_post_form(url, csrf_token, button, htmx=True, announce=announce))  # noqa: S308


class _Addresses:
    """The per-post addresses of a page, reversed once each."""

    def __init__(self):
        names = ("like", "bookmark", "accept", "edit", "delete", "flag", "post_hide")
        self._addresses = {name: address_for_id(f"forum:{name}") for name in names}

    def __call__(self, name, pk):
        return self._addresses[name](pk)


class PostViewer:
    """One person looking at one page of a topic: their parts of each post."""

    def __init__(self, request, topic, posts, *, flags, previous, liked, bookmarked, now, window):
        self.user = request.user
        self.user_pk = request.user.pk
        self.topic = topic
        self.posts = {post.pk: post for post in posts}
        self.flags = flags
        self.previous = previous
        self.liked, self.bookmarked = liked, bookmarked
        self.now, self.window = now, window
        self.csrf_token = escape(csrf_token(request))
        self.url = _Addresses()
        self.message_url = kept_reverse("messaging:new")
        self.reply_url = kept_reverse("forum:reply", [topic.pk])

    def _mine(self, post):
        return post.author_id is not None and post.author_id == self.user_pk

    def new(self, post):
        """Posts after the member's last read one are new to them, except their own."""
        if self.previous is None or self._mine(post) or post.number <= self.previous:
            return ""
        return mark_safe('<span class="badge text-bg-primary forum-post-new">New</span>')  # noqa: S308 - constant

    def message(self, post):
        author = post.author
        if not self.flags["is_member"] or author is None or self._mine(post) or not author.is_active:
            return ""
        return format_html(
            '<a class="small" href="{}?to={}">Message<span class="visually-hidden"> {}</span></a>',
            self.message_url,
            quote(author.username),
            author.public_name,
        )

    def actions(self, post):
        flags, pk, parts, mine = self.flags, post.pk, [], self._mine(post)
        can_like = flags["can_write"] and not mine
        liked, url = pk in self.liked, self.url("like", pk)
        parts.append(like_control(post, csrf_token=self.csrf_token, can_like=can_like, liked=liked, url=url))
        if flags["is_member"]:
            bookmarked = pk in self.bookmarked
            url = self.url("bookmark", pk)
            parts.append(bookmark_control(post, csrf_token=self.csrf_token, bookmarked=bookmarked, url=url))
            if flags["can_reply"]:
                parts.append(f'<a class="btn btn-sm btn-link" href="{self.reply_url}?quote={pk}">Quote</a>')
            if flags["can_accept"] and post.number > 1:
                label = "Unaccept answer" if self.topic.accepted_post_id == pk else "Accept answer"
                button = f'<button class="btn btn-sm btn-link">{label}</button>'
                parts.append(_post_form(self.url("accept", pk), self.csrf_token, button))
            # Only moderators edit others' posts, and nobody deletes them: the rules are asked for the rest.
            if flags["can_moderate"] or (mine and access.can_edit_post(self.user, post)):
                parts.append(self._link("edit", pk, "Edit"))
            if mine and access.can_delete_post(self.user, post, now=self.now, window=self.window):
                parts.append(self._link("delete", pk, "Delete"))
            if flags["can_write"] and not mine:
                parts.append(self._link("flag", pk, "Flag"))
        if flags["can_moderate"]:
            label = "Show again" if post.hidden else "Hide"
            parts.append(self._link("post_hide", pk, label, danger=True))
            if post.author is not None and not mine:
                url = escape(reverse("forum:suspend", args=[post.author.username]))
                parts.append(f'<a class="btn btn-sm btn-link text-danger" href="{url}">Suspend author</a>')
        # Every part is our own markup around integers, reversed addresses and fixed labels.
        return mark_safe("".join(parts))  # noqa: S308

    def _link(self, name, pk, label, *, danger=False):
        css = "btn btn-sm btn-link text-danger" if danger else "btn btn-sm btn-link"
        return f'<a class="{css}" href="{self.url(name, pk)}">{label}</a>'

    def fill(self, html):
        return fill_objects(html, self.posts, {"new": self.new, "message": self.message, "actions": self.actions})


def render_topic_rows(topics, user, *, show_category):
    """The rows of a topic list, one HTML string per topic, as everyone with this user's reading scope sees them.

    Each holds markers for the reader's unread marks (topic_rows fills them).
    """
    row = get_template("forum/_topic_row.html")
    context = {"user": user, "show_category": show_category}
    return [row.render({**context, "topic": topic}) for topic in topics]


def topic_rows(rows, topics, marks):
    """Shared rows (render_topic_rows) with one reader's unread marks laid over.

    `topics` are the rows' topics (forum.lists.TopicFacts) in the same order, `marks`
    {topic id: (is_new, unread_count)} from forum.reading.unread_marks; a topic
    missing from it shows no mark.
    """
    unread_url = address_for_id("forum:topic_unread")
    none = (False, 0)

    def unread(topic):
        is_new, count = marks.get(topic.pk, none)
        url = unread_url(topic.pk)
        if is_new:
            return f'<a class="badge text-bg-primary forum-new" href="{url}">New</a>'
        if count:
            return (
                f'<a class="badge text-bg-primary forum-new" href="{url}" title="Jump to the first unread post">'
                f"{int(count)} unread</a>"
            )
        return ""

    def unread_row(topic):
        return " forum-unread" if marks.get(topic.pk, none)[1] else ""

    parts = {"unread": unread, "unread_row": unread_row}
    return mark_safe(
        "".join(fill_objects(html, {topic.pk: topic}, parts) for html, topic in zip(rows, topics, strict=True))
    )  # noqa: S308


def category_rows(html, counts):
    """The forum index's shared category rows with one member's unread counts ({category id: topics}) laid over."""
    unread_url = escape(reverse("forum:unread"))

    def unread(pk):
        count = counts.get(pk, 0)
        return f'<a class="badge text-bg-primary" href="{unread_url}">{int(count)} unread</a>' if count else ""

    return mark_safe(MARKER.sub(lambda match: unread(int(match.group(2))), html))  # noqa: S308 - our own HTML
