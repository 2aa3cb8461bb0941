from django import template
from django.utils.safestring import mark_safe

from core import overlay
from forum.access import author_label, readable_posts, shows_author_names
from forum.rendering import without_mentions

register = template.Library()


@register.filter
def author_for(author, user):
    """{{ post.author|author_for:user }}: the author's name for members, "A member" for visitors."""
    return author_label(user, author)


@register.filter
def body_for(html, user):
    """{{ post.body_html|body_for:user }}: stored post HTML, with @mentions as "@member" for visitors."""
    # Stored post HTML is sanitised when it is written (forum.rendering), as `|safe` assumed before.
    return mark_safe(html) if shows_author_names(user) else without_mentions(html)  # noqa: S308


@register.filter
def me(pk, kind):
    """{{ post.pk|me:"actions" }}: where the viewer's own part of a shared post goes (forum.personal)."""
    return overlay.marker(kind, pk)


RECENT_POSTS = 5


@register.inclusion_tag("forum/_member_recent_posts.html", takes_context=True)
def member_recent_posts(context, member):
    """A member's recent forum posts, for other members only (one query).

    The forum runs under the Chatham House rule, so posts are never attributed
    to a named member in front of visitors; members see only posts they may
    read anyway. Other apps' pages (the directory entry) show it through this tag.
    """
    viewer = context["request"].user
    if not (viewer.is_authenticated and viewer.is_member):
        return {"posts": []}
    posts = readable_posts(viewer).filter(author=member).select_related("topic").order_by("-created")
    return {"posts": list(posts[:RECENT_POSTS])}
