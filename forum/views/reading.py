"""Pages that show the forum: categories, topic lists, topics, permalinks, history, bookmarks."""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from ccio.permissions import member_required
from forum import access, reading
from forum.forms import ReplyForm
from forum.models import POSTS_PER_PAGE, TOPICS_PER_PAGE, Bookmark, Post, Reaction, Topic, Watch
from forum.views.common import NumberPage, load_roles, page_number, refusable


def index(request):
    user = request.user
    categories = list(access.readable_categories(user))
    unread = reading.category_unread_counts(user, [c.pk for c in categories])
    for category in categories:
        category.unread_topics = unread.get(category.pk, 0)
    return render(
        request,
        "forum/index.html",
        {"categories": categories, "public_page": True, "can_write": access.can_write(user)},
    )


def _topic_list(request, queryset, *, template, extra, query=""):
    user = request.user
    queryset = reading.with_read_state(queryset.for_list(), user)
    paginator = Paginator(queryset, TOPICS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    topics = reading.mark_unread_info(list(page_obj.object_list), user)
    context = {"page_obj": page_obj, "topics": topics, "query": query, **extra}
    return render(request, template, context)


@refusable
def category(request, slug):
    category = access.get_category_for_read(request, slug)
    user = request.user
    topics = Topic.objects.filter(category=category)
    if not access.can_moderate(user):
        topics = topics.filter(hidden=False)
    topics = topics.order_by("-pinned", "-last_posted_at", "-pk")
    watch = None
    if user.is_authenticated and user.is_member:
        watch = Watch.objects.filter(user=user, category=category).values_list("level", flat=True).first()
    return _topic_list(
        request,
        topics,
        template="forum/category.html",
        extra={
            "category": category,
            "public_page": category.is_public,
            "can_start": access.can_start_topic(user, category),
            "watch_level": watch,
        },
    )


def latest(request):
    topics = access.readable_topics(request.user).order_by("-last_posted_at", "-pk")
    return _topic_list(request, topics, template="forum/latest.html", extra={"public_page": False})


@member_required
def unread(request):
    user = request.user
    muted = Watch.objects.filter(user=user, topic=OuterRef("pk"), level=Watch.Level.MUTED)
    topics = reading.with_read_state(access.readable_topics(user), user)
    topics = topics.filter(reading.unread_filter(user)).exclude(Exists(muted)).order_by("-last_posted_at", "-pk")
    return _topic_list(request, topics, template="forum/unread.html", extra={"public_page": False})


@refusable
def topic(request, pk, slug=None):
    user = request.user
    topic = access.get_topic_for_read(request, pk)
    if slug != topic.slug:
        query = f"?page={request.GET['page']}" if request.GET.get("page", "").isdigit() else ""
        return redirect(topic.get_absolute_url() + query, permanent=False)
    num_pages = topic.page_count
    number = min(page_number(request), num_pages)
    low, high = (number - 1) * POSTS_PER_PAGE + 1, number * POSTS_PER_PAGE
    # Pages are cut by post number over the (topic, number) index: no OFFSET scan however long the topic.
    posts = list(
        Post.objects.filter(topic=topic, number__gte=low, number__lte=high)
        .select_related("author")
        .prefetch_related("author__groups")
        .order_by("number")
    )
    load_roles(post.author for post in posts)
    accepted = None
    if number == 1 and topic.accepted_post_id:
        accepted = next((p for p in posts if p.pk == topic.accepted_post_id), None)
        if accepted is None:
            accepted = Post.objects.select_related("author").filter(pk=topic.accepted_post_id).first()
        if accepted is not None and not accepted.is_visible_content:
            accepted = None
    member = user.is_authenticated and user.is_member
    liked, bookmarked, watch = set(), set(), None
    previous = None
    if member:
        ids = [p.pk for p in posts]
        liked = set(Reaction.objects.filter(user=user, post_id__in=ids).values_list("post_id", flat=True))
        bookmarked = set(Bookmark.objects.filter(user=user, post_id__in=ids).values_list("post_id", flat=True))
        watch = Watch.objects.filter(user=user, topic=topic).values_list("level", flat=True).first()
        previous = reading.read_state_for(user, topic)
        if posts:
            reading.record_read(user, topic, previous=previous, up_to=posts[-1].number)
    now, window = timezone.now(), dt.timedelta(minutes=settings.FORUM_DELETE_WINDOW_MINUTES)
    for post in posts:
        post.topic = topic
        post.can_edit = member and access.can_edit_post(user, post)
        post.can_delete = member and access.can_delete_post(user, post, now=now, window=window)
        post.is_new = previous is not None and post.number > previous
        post.liked = post.pk in liked
        post.bookmarked = post.pk in bookmarked
        post.can_see = access.can_see_post_content(user, post)
    can_reply = access.can_reply(user, topic)
    context = {
        "topic": topic,
        "category": topic.category,
        "posts": posts,
        "accepted": accepted,
        "page_obj": NumberPage(number, num_pages),
        "watch_level": watch,
        "is_member": member,
        "can_reply": can_reply,
        "can_write": access.can_write(user),
        "can_moderate": access.can_moderate(user),
        "can_accept": access.can_accept(user, topic),
        "form": ReplyForm() if can_reply and number == num_pages else None,
        "public_page": topic.category.is_public and not topic.hidden,
    }
    return render(request, "forum/topic.html", context)


@refusable
def topic_unread(request, pk):
    """Jump to the first post this member has not read."""
    topic = access.get_topic_for_read(request, pk)
    first = reading.first_unread_number(request.user, topic)
    post = Post.objects.filter(topic=topic, number__gte=first).order_by("number").values_list("pk", "number").first()
    if post is None:
        return redirect(topic.get_absolute_url())
    page = (post[1] - 1) // POSTS_PER_PAGE + 1
    return redirect(f"{topic.get_absolute_url()}?page={page}#post-{post[0]}")


@refusable
def permalink(request, pk):
    post = access.get_post_for_read(request, pk)
    topic = post.topic
    query = f"?page={post.page_number}" if post.page_number > 1 else ""
    return redirect(f"{topic.get_absolute_url()}{query}#post-{post.pk}")


@refusable
def history(request, pk):
    post = access.get_post_for_read(request, pk)
    if not access.can_see_post_content(request.user, post):
        raise Http404
    revisions = list(post.revisions.select_related("edited_by"))
    return render(
        request,
        "forum/history.html",
        {"post": post, "topic": post.topic, "revisions": revisions, "public_page": False},
    )


@member_required
def bookmarks(request):
    user = request.user
    qs = (
        Bookmark.objects.filter(user=user, post__in=access.readable_posts(user))
        .select_related("post__topic__category", "post__author")
        .order_by("-created")
    )
    page_obj = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "forum/bookmarks.html", {"page_obj": page_obj, "public_page": False})
