"""Turning a post's markdown into stored HTML, with @mentions linked."""

import re

from django.contrib.auth import get_user_model
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.markdown import excerpt, render_markdown  # noqa: F401 - forum.rendering.excerpt stays public

MENTION_RE = re.compile(r"(?<![\w@/.\-])@([A-Za-z0-9](?:[A-Za-z0-9_-]{1,28}[A-Za-z0-9]))\b")
_TAG_RE = re.compile(r"(<[^>]+>)")
_SKIP_TAGS = {"a", "code", "pre"}
MAX_MENTIONS = 10


def mentioned_usernames(source):
    """Usernames written as @name in a markdown source (first MAX_MENTIONS, lower-cased, unique)."""
    seen = []
    for match in MENTION_RE.finditer(source or ""):
        name = match.group(1).lower()
        if name not in seen:
            seen.append(name)
        if len(seen) >= MAX_MENTIONS:
            break
    return seen


def mentioned_users(source):
    names = mentioned_usernames(source)
    if not names:
        return []
    User = get_user_model()
    query = User.objects.none()
    for name in names:
        query = query | User.objects.filter(username__iexact=name)
    return list(query.filter(is_active=True))


def _link_mentions(html, usernames):
    """Link @name in text (not inside links or code) for the given existing usernames."""
    if not usernames:
        return html
    known = {u.lower(): u for u in usernames}
    parts = _TAG_RE.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIP_TAGS:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth > 0 or "@" not in part:
            continue

        def replace(match):
            username = known.get(match.group(1).lower())
            if not username:
                return match.group(0)
            return f'<a class="mention" href="/members/{escape(username)}/">@{escape(username)}</a>'

        parts[index] = MENTION_RE.sub(replace, part)
    return "".join(parts)


def render_post_body(source, *, mentioned=None):
    """Sanitised HTML for a post body; `mentioned` is the list of mentioned users."""
    html = render_markdown(source)
    usernames = [u.username for u in (mentioned or [])]
    return mark_safe(_link_mentions(str(html), usernames))  # noqa: S308 - sanitised above; usernames validated


VISITOR_MENTION = "@member"
_MENTION_LINK = re.compile(r'<a class="mention" href="/members/[A-Za-z0-9_-]+/">@[A-Za-z0-9_-]+</a>')
# In search snippets a mention may be cut by the <mark> around a searched word.
_MENTION_TEXT = re.compile(r"(?<![\w@/.\-])@(?:</?mark>)?[A-Za-z0-9](?:[A-Za-z0-9_-]|</?mark>)*")


def without_mentions(html):
    """A post's stored HTML with each @mention link shown as "@member" (for people who see no names)."""
    return mark_safe(_MENTION_LINK.sub(f'<span class="mention">{VISITOR_MENTION}</span>', str(html)))  # noqa: S308


def snippet_without_mentions(text):
    """A search snippet (escaped text, maybe with <mark>) with every @name shown as "@member"."""
    return _MENTION_TEXT.sub(VISITOR_MENTION, str(text))


def quote_header(post_pk, number):
    """The line the Quote button puts above a quote: which post, linked, never who wrote it.

    A name written into another member's post would outlive a change of name
    and the erasure of the account, and would be shown to visitors in public
    categories; the link leads to the post, which shows its author as they are
    now to those who may see it.
    """
    return f"> [Quote from post #{number}](/forum/p/{post_pk}/):"


def quote_markdown(post):
    """A markdown quote of a post, linked back to it (not attributed: see quote_header)."""
    lines = (post.body or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines[:40])
    return f"{quote_header(post.pk, post.number)}\n>\n{quoted}\n\n"
