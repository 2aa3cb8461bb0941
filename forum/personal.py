"""The parts of a topic page that differ from one member to the next.

A page of posts looks the same to everyone with the same reading scope
(forum.access.reading_scope), so the view renders it once per content
version and keeps it (core.content_cache). Where a post shows something that
belongs to one person (the "New" badge, a "Message" link to its author, the
like, bookmark, edit and delete controls and the forms' CSRF token), the
shared HTML holds a marker, `{{ post.pk|me:"actions" }}`, and `fill` puts
this viewer's part in its place, built from what the view loaded for them
(what they liked and bookmarked: one query for the page).

The parts are built as strings, not templates: a page has up to 20 posts,
and twenty template renders would cost more than the rest of the page. The
like and bookmark buttons are the same strings the htmx endpoints return.
"""

import re
from urllib.parse import quote

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forum import access

_MARKER = re.compile(r"<!--me:(new|message|actions):(\d+)-->")
_PK = 999_999_999  # stands for a post's id in addresses reversed once per page


def marker(kind, pk):
    return mark_safe(f"<!--me:{kind}:{int(pk)}-->")  # noqa: S308 - a fixed kind and an integer


def _csrf_field(csrf_token):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)


def _post_form(action, csrf_token, button, *, htmx=False):
    swap = format_html(' hx-post="{}" hx-target="this" hx-swap="outerHTML" class="d-inline"', action) if htmx else ""
    return format_html('<form method="post" action="{}"{}>{}{}</form>', action, swap, _csrf_field(csrf_token), button)


def like_control(post, *, csrf_token, can_like, liked, url=None):
    """The like button (or, for those who may not like this post, its count)."""
    if not can_like:
        if not post.like_count:
            return ""
        plural = "" if post.like_count == 1 else "s"
        return format_html('<span class="text-body-secondary">{} like{}</span>', post.like_count, plural)
    button = format_html(
        '<button class="btn btn-sm {}" aria-pressed="{}">Like <span class="visually-hidden">this post</span>· {}'
        "</button>",
        "btn-primary" if liked else "btn-outline-primary",
        "true" if liked else "false",
        post.like_count,
    )
    return _post_form(url or reverse("forum:like", args=[post.pk]), csrf_token, button, htmx=True)


def bookmark_control(post, *, csrf_token, bookmarked, url=None):
    button = format_html(
        '<button class="btn btn-sm btn-link" aria-pressed="{}">{}</button>',
        "true" if bookmarked else "false",
        "Bookmarked" if bookmarked else "Bookmark",
    )
    return _post_form(url or reverse("forum:bookmark", args=[post.pk]), csrf_token, button, htmx=True)


class _Addresses:
    """The per-post addresses of a page, reversed once each."""

    def __init__(self):
        names = ("like", "bookmark", "accept", "edit", "delete", "flag", "post_hide")
        self._patterns = {name: reverse(f"forum:{name}", args=[_PK]) for name in names}

    def __call__(self, name, pk):
        return self._patterns[name].replace(str(_PK), str(pk))


class PostViewer:
    """One person looking at one page of a topic: their parts of each post."""

    def __init__(self, request, topic, posts, *, flags, previous, liked, bookmarked, now, window):
        self.user = request.user
        self.topic = topic
        self.posts = {post.pk: post for post in posts}
        self.flags = flags
        self.previous = previous
        self.liked, self.bookmarked = liked, bookmarked
        self.now, self.window = now, window
        self.csrf_token = get_token(request)
        self.url = _Addresses()
        self.message_url = reverse("messaging:new")
        self.reply_url = reverse("forum:reply", args=[topic.pk])

    def _mine(self, post):
        return post.author_id is not None and post.author_id == self.user.pk

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
        flags, pk, parts = self.flags, post.pk, []
        can_like = flags["can_write"] and not self._mine(post)
        liked, url = pk in self.liked, self.url("like", pk)
        parts.append(like_control(post, csrf_token=self.csrf_token, can_like=can_like, liked=liked, url=url))
        if flags["is_member"]:
            bookmarked = pk in self.bookmarked
            url = self.url("bookmark", pk)
            parts.append(bookmark_control(post, csrf_token=self.csrf_token, bookmarked=bookmarked, url=url))
            if flags["can_reply"]:
                quote_link = '<a class="btn btn-sm btn-link" href="{}?quote={}">Quote</a>'
                parts.append(format_html(quote_link, self.reply_url, pk))
            if flags["can_accept"] and post.number > 1:
                label = "Unaccept answer" if self.topic.accepted_post_id == pk else "Accept answer"
                button = format_html('<button class="btn btn-sm btn-link">{}</button>', label)
                parts.append(_post_form(self.url("accept", pk), self.csrf_token, button))
            if access.can_edit_post(self.user, post):
                parts.append(self._link("edit", pk, "Edit"))
            if access.can_delete_post(self.user, post, now=self.now, window=self.window):
                parts.append(self._link("delete", pk, "Delete"))
            if flags["can_write"] and not self._mine(post):
                parts.append(self._link("flag", pk, "Flag"))
        if flags["can_moderate"]:
            label = "Show again" if post.hidden else "Hide"
            parts.append(self._link("post_hide", pk, label, danger=True))
            if post.author is not None and not self._mine(post):
                url = reverse("forum:suspend", args=[post.author.username])
                suspend = '<a class="btn btn-sm btn-link text-danger" href="{}">Suspend author</a>'
                parts.append(format_html(suspend, url))
        return mark_safe("".join(parts))  # noqa: S308 - each part built with format_html

    def _link(self, name, pk, label, *, danger=False):
        css = "btn btn-sm btn-link text-danger" if danger else "btn btn-sm btn-link"
        return format_html('<a class="{}" href="{}">{}</a>', css, self.url(name, pk), label)

    def fill(self, html):
        def part(match):
            post = self.posts.get(int(match.group(2)))
            return "" if post is None else str(getattr(self, match.group(1))(post))

        return mark_safe(_MARKER.sub(part, html))  # noqa: S308 - shared HTML rendered by our templates
