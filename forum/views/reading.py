"""Pages that show the forum: categories, topic lists, topics, permalinks, history, bookmarks."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.content_cache import cache_for_visitors, cached_fragment, cached_until_changed, prefetch
from core.frame import csrf_token, render_framed
from core.permissions import member_required
from core.urls import kept_reverse
from forum import access, lists, personal, reading, services
from forum.forms import ReplyForm
from forum.models import POSTS_PER_PAGE, TOPICS_PER_PAGE, Bookmark, Category, Post, Topic, Watch
from forum.views.common import NumberPage, load_roles, page_number, refusable
from profiles.models import DirectoryEntry
from surveys import polls


@cache_for_visitors
def index(request):
    user = request.user
    scope, can_write = access.reading_scope(user), access.can_write(user)
    frame_vary_on = [scope, can_write]
    prefetch([("forum-index", [scope]), ("forum-index-frame", frame_vary_on)])
    # The table of categories is the same for everyone with the same reading scope: kept until content changes,
    # with the member's unread counts laid over (one grouped query, kept until they read something).
    ids, html = cached_fragment("forum-index", [scope], lambda: _shared_index(user))
    rows = personal.category_rows(html, reading.kept_category_unread_counts(user, ids))
    return render_framed(
        request,
        "forum/index.html",
        {"public_page": True, "can_write": can_write},
        name="forum-index-frame",
        vary_on=frame_vary_on,
        parts={"category_rows": rows},
    )


def _shared_index(user):
    categories = list(access.readable_categories(user))
    html = render_to_string("forum/_category_rows.html", {"categories": categories})
    return [category.pk for category in categories], html


def _topic_list(request, page, *, name, vary_on, template, extra, positions=None, watch_html=""):
    """Render a shared page of topics with this reader's unread marks (their read state for just its topics).

    The page around the rows is kept (core.frame) under `name` and `vary_on`, which
    must say what differs between readers in `extra` and in the page's number, count
    of pages and whether it is empty. The rows and the watch control are laid in.
    """
    user = request.user
    if positions is None:
        positions, _ = reading.kept_read_positions(user, [topic.pk for topic in page.topics])
    marks = reading.unread_marks(page.topics, positions, user)
    context = {"page_obj": NumberPage(page.number, page.num_pages), "has_rows": bool(page.rows), **extra}
    parts = {"rows": personal.topic_rows(page.rows, page.topics, marks), "watch_html": watch_html}
    return render_framed(request, template, context, name=name, vary_on=vary_on, parts=parts)


def _watch_control(request, action, level):
    """A member's Watching / Normal / Muted choice, laid into a kept page."""
    return render_to_string("forum/_watch.html", {"action": action, "level": level, "csrf_token": csrf_token(request)})


@refusable
@cache_for_visitors
def category(request, slug):
    user = request.user
    number = page_number(request)
    scope = access.reading_scope(user)
    # Around the rows the page differs only by the reader's rights (the page itself is the same for the scope).
    frame_vary_on = [slug, scope, number, access.can_write(user)]
    prefetch([("forum-category-page", [slug, scope, number]), ("forum-category-frame", frame_vary_on)])
    # The category and its page of topics, for this reading scope; who may read it is asked on every view.
    shown, page = cached_fragment(
        "forum-category-page", [slug, scope, number], lambda: _shared_category(slug, number, user)
    )
    category = access.check_category_for_read(request, shown)
    positions, watch = reading.kept_read_positions(user, [topic.pk for topic in page.topics], category=category)
    can_start = access.can_start_topic(user, category)
    watch_html = ""
    if user.is_authenticated and user.is_member:
        watch_html = _watch_control(request, kept_reverse("forum:watch_category", [category.slug]), watch)
    return _topic_list(
        request,
        page,
        name="forum-category-frame",
        vary_on=frame_vary_on,
        template="forum/category.html",
        positions=positions,
        extra={"category": category, "public_page": category.is_public, "can_start": can_start},
        watch_html=watch_html,
    )


def _shared_category(slug, number, user):
    """(category, its page of topics for this user's reading scope); (None, None) when there is no such category,
    (category, None) when this scope may not read it."""
    category = Category.objects.filter(slug=slug).first()
    if category is None or not access.can_read_category(user, category):
        return category, None
    topics = Topic.objects.filter(category=category)
    if not access.can_moderate(user):
        topics = topics.filter(hidden=False)
    topics = topics.order_by("-pinned", "-last_posted_at", "-pk")
    return category, lists.shared_topic_page(topics, number, user, show_category=False)


def latest(request):
    user = request.user
    number = page_number(request)
    scope = access.reading_scope(user)
    prefetch([("forum-latest-page", [scope, number]), ("forum-latest-frame", [scope, number])])
    page = cached_fragment("forum-latest-page", [scope, number], lambda: _shared_latest(number, user))
    return _topic_list(
        request,
        page,
        name="forum-latest-frame",
        vary_on=[scope, number],
        template="forum/latest.html",
        extra={"public_page": False},
    )


def _shared_latest(number, user):
    topics = access.readable_topics(user).order_by("-last_posted_at", "-pk")
    return lists.shared_topic_page(topics, number, user, show_category=True)


@member_required
def unread(request):
    user = request.user
    number = page_number(request)
    # This member's page of unread topics is kept until content, their read state or their mutes change
    # (or its oldest topic ages out), and read afresh in one statement when one did.
    vary_on = [user.pk, personal.own_version(user), access.reading_scope(user), number]
    page = cached_until_changed("forum-unread-page", vary_on, lambda: _unread_page(user, number))[0]
    return _topic_list(
        request,
        page,
        name="forum-unread-frame",
        vary_on=[access.reading_scope(user), page.number, page.num_pages, bool(page.rows)],
        template="forum/unread.html",
        positions=page.positions,
        extra={"public_page": False},
    )


def _unread_page(user, number):
    """(this member's page of unread topics as a lists.TopicPage with their positions, when it ages)."""
    muted_topic = Watch.objects.filter(user=user, topic=OuterRef("pk"), level=Watch.Level.MUTED)
    muted_category = Watch.objects.filter(user=user, category=OuterRef("category_id"), level=Watch.Level.MUTED)
    topics = reading.with_read_state(access.readable_topics(user), user)
    topics = topics.filter(reading.unread_filter(user)).exclude(Exists(muted_topic)).exclude(Exists(muted_category))
    # The page and how many there are in one statement, with no joins for the rows: these are the same for
    # every member and kept one by one until content changes.
    fields = ("pk", "last_number", "last_posted_at", "last_read")
    order = [("last_posted_at", True), ("pk", True)]
    page_obj, found = lists.counted_page(topics, number, TOPICS_PER_PAGE, fields, order)
    facts = [lists.TopicFacts(pk, last_number, last_posted_at) for pk, last_number, last_posted_at, _ in found]
    rows = lists.kept_rows(
        "forum-topic-row",
        [access.reading_scope(user), True],
        facts,
        load=lambda ids: Topic.objects.for_list().in_bulk(ids),
        render=lambda topic: personal.render_topic_rows([topic], user, show_category=True)[0],
    )
    positions = {pk: last_read for pk, _, _, last_read in found if last_read is not None}
    page = lists.TopicPage(page_obj.number, page_obj.num_pages, facts, rows, positions=positions)
    # Kept until a topic on it ages out of the unread window; the page count may lag a topic on a later page
    # ageing out until then (at most the cache's lifetime, ten minutes).
    return page, reading.ages_out(min((fact.last_posted_at for fact in facts), default=None))


@cache_for_visitors
@refusable
def topic(request, pk, slug=None):
    user = request.user
    member = user.is_authenticated and user.is_member
    # What this page keeps, read in one round trip: the page asked for is the one shown but for a
    # page number past the end (then its posts are read on their own).
    asked = page_number(request)
    scope = access.reading_scope(user)
    # Around the posts the page differs between readers only by their rights (the watch control is laid in).
    suspended = user.is_authenticated and user.is_suspended
    frame_vary_on = [pk, asked, scope, access.can_write(user), suspended]
    kept = [("topic", [pk]), ("topic-posts", [pk, asked, scope]), ("topic-frame", frame_vary_on)]
    if member:
        kept.append(("reader-marks", [user.pk, personal.own_version(user), pk, asked]))
    prefetch(kept)
    # The topic as everyone sees it (with its category, author and poll) is kept until content changes;
    # who may read it is asked on every view.
    topic = access.check_topic_for_read(request, cached_fragment("topic", [pk], lambda: _shared_topic(pk)))
    if slug != topic.slug:
        query = f"?page={request.GET['page']}" if request.GET.get("page", "").isdigit() else ""
        return redirect(topic.get_absolute_url() + query, permanent=False)
    num_pages = topic.page_count
    number = min(asked, num_pages)
    poll = polls.poll_for(topic)
    posts_html, posts = cached_fragment(
        "topic-posts", [topic.pk, number, scope], lambda: _shared_posts(topic, number, user)
    )
    marks = services.ReaderMarks()
    if member:
        # Kept until content changes (a like) or the member reads further, bookmarks or watches (their own version).
        marks = cached_fragment(
            "reader-marks",
            [user.pk, personal.own_version(user), topic.pk, number],
            lambda: services.reader_marks(user, topic, [post.pk for post in posts]),
        )
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
        "page_obj": NumberPage(number, num_pages),
        "is_member": member,
        "can_reply": flags["can_reply"],
        "can_moderate": flags["can_moderate"],
        "form": ReplyForm() if flags["can_reply"] and number == num_pages else None,
        "poll": polls.poll_context(poll, user, may_vote=flags["can_reply"]) if poll and number == 1 else None,
        "public_page": topic.category.is_public and not topic.hidden,
    }
    parts = {"posts_html": viewer.fill(posts_html), "watch_html": ""}
    if member:
        parts["watch_html"] = _watch_control(request, kept_reverse("forum:watch_topic", [topic.pk]), marks.watch_level)
    if context["poll"] is not None:  # it shows whether this member has voted: rendered whole
        return render(request, "forum/topic.html", {**context, **parts})
    return render_framed(request, "forum/topic.html", context, name="topic-frame", vary_on=frame_vary_on, parts=parts)


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


BOOKMARKS_PER_PAGE = 30


@member_required
def bookmarks(request):
    user = request.user
    number = page_number(request)
    # Kept until content changes or this member bookmarks or removes something.
    vary_on = [user.pk, personal.own_version(user), access.reading_scope(user), number]
    page_obj, rows = cached_fragment("forum-bookmarks-page", vary_on, lambda: _bookmarks_page(user, number))
    context = {"page_obj": page_obj, "rows": mark_safe(rows), "public_page": False}  # noqa: S308 - our rows
    return render(request, "forum/bookmarks.html", context)


def _bookmarks_page(user, number):
    """(NumberPage, HTML of the rows) of this member's bookmarks: which posts, counted, in one statement; each
    bookmarked post's row is the same for everyone and kept on its own until content changes."""
    mine = Bookmark.objects.filter(user=user, post__in=access.readable_posts(user))
    fields, order = ("post_id", "created", "pk"), [("created", True), ("pk", True)]
    page_obj, found = lists.counted_page(mine, number, BOOKMARKS_PER_PAGE, fields, order)
    row = get_template("forum/_bookmark_row.html")
    rows = lists.kept_rows(
        "forum-bookmark-row",
        [access.reading_scope(user)],
        [lists.Ref(post_id) for post_id, _, _ in found],
        load=lambda ids: Post.objects.select_related("topic__category", "author").in_bulk(ids),
        render=lambda post: row.render({"post": post}),
    )
    return page_obj, "".join(rows)
