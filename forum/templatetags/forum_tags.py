from django import template

from forum.access import readable_posts

register = template.Library()

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
