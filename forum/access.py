"""Who may read and write what in the forum: the one place that answers it.

- members-only categories: Members read and write.
- public categories: everyone reads, Members write.
- announcements: Members read and reply, only moderators start topics.
Suspended members read but never write. Hidden topics and posts are seen by
moderators only. Views use the scoped getters at the bottom so none forgets
a check.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.permissions import redirect_to_sign_in
from forum.models import Category, Post, Topic


def _member(user):
    return bool(user.is_authenticated and user.is_member)


def can_moderate(user):
    return bool(user.is_authenticated and user.is_moderator)


def can_write(user):
    """May this person post anything at all (a member, not suspended)?"""
    return _member(user) and not user.is_suspended


def reading_scope(user):
    """A name for what this person may read: everyone with the same scope reads the same posts."""
    return f"member={_member(user)}:moderator={can_moderate(user)}"


def readable_categories(user):
    """Categories this person may read, as a queryset."""
    qs = Category.objects.all()
    if not _member(user):
        qs = qs.filter(access=Category.Access.PUBLIC)
    return qs


def readable_category_ids(user):
    """Ids of readable categories; cached on the user object for the request."""
    if user.is_authenticated and hasattr(user, "_forum_readable_ids"):
        return user._forum_readable_ids
    ids = list(readable_categories(user).values_list("pk", flat=True))
    if user.is_authenticated:
        user._forum_readable_ids = ids
    return ids


def can_read_category(user, category):
    return category.access == Category.Access.PUBLIC or _member(user)


def readable_topics(user):
    """Topics this person may read (hidden ones only for moderators)."""
    qs = Topic.objects.all()
    if not _member(user):
        qs = qs.filter(category__access=Category.Access.PUBLIC)
    if not can_moderate(user):
        qs = qs.filter(hidden=False)
    return qs


def readable_posts(user):
    qs = Post.objects.filter(deleted=False)
    if not _member(user):
        qs = qs.filter(topic__category__access=Category.Access.PUBLIC)
    if not can_moderate(user):
        # "Not in a hidden topic" rather than a join on the topic: hidden topics are few, and search
        # (forum.search) then reads only the matching posts, not every topic as well (3 times faster).
        qs = qs.filter(hidden=False).exclude(topic__in=Topic.objects.filter(hidden=True).values("pk"))
    return qs


def can_read_topic(user, topic):
    if topic.hidden and not can_moderate(user):
        return False
    return can_read_category(user, topic.category)


def can_start_topic(user, category):
    if not can_write(user):
        return False
    if category.access == Category.Access.ANNOUNCEMENTS:
        return can_moderate(user)
    return True


def startable_categories(user):
    if not can_write(user):
        return Category.objects.none()
    qs = Category.objects.all()
    if not can_moderate(user):
        qs = qs.exclude(access=Category.Access.ANNOUNCEMENTS)
    return qs


def can_reply(user, topic):
    if not can_write(user) or not can_read_topic(user, topic):
        return False
    return not topic.locked or can_moderate(user)


def can_edit_post(user, post):
    if can_moderate(user):
        return True
    return (
        can_write(user)
        and post.author_id == user.pk
        and not post.deleted
        and not post.hidden
        and not post.topic.locked
    )


def can_delete_post(user, post, *, now, window):
    return can_write(user) and post.author_id == user.pk and not post.deleted and now - post.created <= window


def can_accept(user, topic):
    return can_moderate(user) or (can_write(user) and topic.author_id == user.pk)


def can_see_post_content(user, post):
    return not post.deleted and (not post.hidden or can_moderate(user))


# --- who wrote it: names for members, "A member" for everyone else --------------

VISITOR_AUTHOR = "A member"
FORMER_MEMBER = "Former member"


def shows_author_names(user):
    """Members see who wrote what. Visitors (and accounts not yet members) never do.

    The forum runs under the Chatham House rule: what is said may be used, but
    not attributed outside the membership, public categories included. So on
    every page, search result and feed a visitor can reach, an author is
    "A member", with no organisation, role badge or profile link, and an
    @mention of a member reads "@member".
    """
    return _member(user)


def author_label(user, author):
    """How to name a post's author to this person."""
    if not shows_author_names(user):
        return VISITOR_AUTHOR
    return author.public_name if author is not None else FORMER_MEMBER


def may_receive_about(user, topic):
    """May this person be notified about something in this topic (a hidden one: moderators only)?

    Recipients are not in a request, so a moderator counts as one only with
    TOTP set up (core.second_factor).
    """
    return bool(user.is_active and user.is_member and can_read_topic(user, topic))


# --- scoped getters --------------------------------------------------------


def _refuse(request, reason="discussion"):
    """Visitors go to sign in, told why; signed-in people without access get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_sign_in(request, reason)
    raise PermissionDenied


class Refused(Exception):  # noqa: N818 - carries the response that refuses
    def __init__(self, response):
        self.response = response


def get_category_for_read(request, slug, *, queryset=None):
    queryset = queryset if queryset is not None else Category.objects.all()
    return check_category_for_read(request, queryset.filter(slug=slug).first())


def check_category_for_read(request, category):
    """The category, if this person may read it: Http404 when none."""
    if category is None:
        raise Http404
    if not can_read_category(request.user, category):
        raise Refused(_refuse(request, "forum"))
    return category


def get_topic_for_read(request, pk, *, queryset=None):
    queryset = queryset if queryset is not None else Topic.objects.all()
    return check_topic_for_read(request, queryset.select_related("category", "author").filter(pk=pk).first())


def check_topic_for_read(request, topic):
    """The topic (with its category loaded), if this person may read it: Http404 when none or hidden from them."""
    if topic is None or (topic.hidden and not can_moderate(request.user)):
        raise Http404
    if not can_read_category(request.user, topic.category):
        raise Refused(_refuse(request))
    return topic


def get_post_for_read(request, pk):
    try:
        post = Post.objects.select_related("topic__category", "author").get(pk=pk)
    except Post.DoesNotExist as exc:
        raise Http404 from exc
    if post.topic.hidden and not can_moderate(request.user):
        raise Http404
    if not can_read_category(request.user, post.topic.category):
        raise Refused(_refuse(request))
    return post
