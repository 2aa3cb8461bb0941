"""Pages that show the forum: categories, topic lists, topics, permalinks, history, bookmarks."""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from core.content_cache import cache_for_visitors, cached_fragment
from core.permissions import member_required
from forum import access, personal, reading, services
from forum.forms import ReplyForm
from forum.models import POSTS_PER_PAGE, TOPICS_PER_PAGE, Bookmark, Category, Post, Topic, Watch
from forum.views.common import NumberPage, load_roles, page_number, refusable
from profiles.models import DirectoryEntry
from surveys import polls


@cache_for_visitors
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
@cache_for_visitors
def category(request, slug):
    user = request.user
    member = user.is_authenticated and user.is_member
    categories = Category.objects.all()
    if member:
        level = Watch.objects.filter(user=user, category=OuterRef("pk")).values("level")[:1]
        categories = categories.annotate(my_watch=Subquery(level))
    category = access.get_category_for_read(request, slug, queryset=categories)
    topics = Topic.objects.filter(category=category)
    if not access.can_moderate(user):
        topics = topics.filter(hidden=False)
    topics = topics.order_by("-pinned", "-last_posted_at", "-pk")
    watch = getattr(category, "my_watch", None)
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
    muted_topic = Watch.objects.filter(user=user, topic=OuterRef("pk"), level=Watch.Level.MUTED)
    muted_category = Watch.objects.filter(user=user, category=OuterRef("category_id"), level=Watch.Level.MUTED)
    topics = reading.with_read_state(access.readable_topics(user), user)
    topics = topics.filter(reading.unread_filter(user)).exclude(Exists(muted_topic)).exclude(Exists(muted_category))
    topics = topics.order_by("-last_posted_at", "-pk")
    return _topic_list(request, topics, template="forum/unread.html", extra={"public_page": False})


@cache_for_visitors
@refusable
def topic(request, pk, slug=None):
    user = request.user
    member = user.is_authenticated and user.is_member
    # The topic as everyone sees it (with its category, author and poll) is kept until content changes;
    # who may read it is asked on every view.
    topic = access.check_topic_for_read(request, cached_fragment("topic", [pk], lambda: _shared_topic(pk)))
    if slug != topic.slug:
        query = f"?page={request.GET['page']}" if request.GET.get("page", "").isdigit() else ""
        return redirect(topic.get_absolute_url() + query, permanent=False)
    num_pages = topic.page_count
    number = min(page_number(request), num_pages)
    poll = polls.poll_for(topic)
    posts_html, posts = cached_fragment(
        "topic-posts", [topic.pk, number, access.reading_scope(user)], lambda: _shared_posts(topic, number, user)
    )
    marks = services.reader_marks(user, topic, [post.pk for post in posts]) if member else services.ReaderMarks()
    previous = None
    if member:
        previous = reading.read_state_for(user, topic, state=marks.last_read)
        if posts:
            reading.record_read(user, topic, previous=previous, up_to=posts[-1].number)
    for post in posts:
        post.topic = topic
    flags = {
        "is_member": member,
        "can_reply": access.can_reply(user, topic),
        "can_write": access.can_write(user),
        "can_moderate": access.can_moderate(user),
        "can_accept": access.can_accept(user, topic),
    }
    viewer = personal.PostViewer(
        request,
        topic,
        posts,
        flags=flags,
        previous=previous,
        liked=marks.liked,
        bookmarked=marks.bookmarked,
        now=timezone.now(),
        window=dt.timedelta(minutes=settings.FORUM_DELETE_WINDOW_MINUTES),
    )
    context = {
        "topic": topic,
        "category": topic.category,
        "posts_html": viewer.fill(posts_html),
        "page_obj": NumberPage(number, num_pages),
        "watch_level": marks.watch_level,
        **flags,
        "form": ReplyForm() if flags["can_reply"] and number == num_pages else None,
        "poll": polls.poll_context(poll, user, may_vote=flags["can_reply"]) if poll and number == 1 else None,
        "public_page": topic.category.is_public and not topic.hidden,
    }
    return render(request, "forum/topic.html", context)


def _shared_topic(pk):
    return Topic.objects.select_related("category", "author", "poll__question").filter(pk=pk).first()


def _shared_posts(topic, number, user):
    """(HTML, posts) of one page of a topic as everyone with this user's reading scope sees it (forum.personal)."""
    low, high = (number - 1) * POSTS_PER_PAGE + 1, number * POSTS_PER_PAGE
    member = access.shows_author_names(user)
    # Pages are cut by post number over the (topic, number) index: no OFFSET scan however long the topic.
    # The author's organisation and photo are shown as any other member sees them, the same for everyone reading.
    entries = DirectoryEntry.objects.seen_by_others(member=member).filter(user=OuterRef("author_id"))
    posts = list(
        Post.objects.filter(topic=topic, number__gte=low, number__lte=high)
        .select_related("author")
        .prefetch_related("author__groups")
        .annotate(
            author_organisation=Subquery(entries.values("organisation__name")[:1]),
            author_photo=Subquery(entries.values("photo")[:1]),
        )
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
    for post in posts:
        post.can_see = access.can_see_post_content(user, post)
    context = {
        "posts": posts,
        "accepted": accepted,
        "user": user,
        "is_member": access.shows_author_names(user),
        "can_moderate": access.can_moderate(user),
    }
    return render_to_string("forum/_topic_posts.html", context), [personal.PostFacts(post) for post in posts]


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
