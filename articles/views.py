from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from articles.models import Article, people_and_topics
from core.content_cache import cache_for_visitors, cached_until_changed
from core.frame import render_framed
from core.pagination import NumberPage, page_number
from core.permissions import is_editor, is_member
from editorial.models import Topic

PAGE_SIZE = 10


@cache_for_visitors
def article_list(request):
    topic_slug, number = request.GET.get("topic", ""), page_number(request)
    # The same for everyone (published articles only): rendered once per content version, members included.
    page, changes_at = cached_until_changed(
        "article-list", [topic_slug, number], partial(_rendered, topic_slug, number)
    )
    topic = page["topic"]
    response = render_framed(
        request,
        "articles/list.html",
        {"topic": topic},
        name="article-list-frame",
        vary_on=[topic_slug, number, topic and topic.pk],
        parts={"content": page["content"]},
    )
    response.changes_at = changes_at
    return response


def _rendered(topic_slug, number):
    context, changes_at = _listing(topic_slug, number)
    page = {"content": render_to_string("articles/_list_content.html", context), "topic": context["topic"]}
    return page, changes_at


def _listing(topic_slug, number):
    """The list's context, and when it next changes by the clock (an article going live)."""
    # Asked before the list is read: an article going live meanwhile makes the list expire at once.
    changes_at = Article.objects.next_publication()
    published = Article.objects.published()
    topics = list(Topic.objects.filter(articles__in=published).distinct().order_by("name"))
    topic = next((t for t in topics if t.slug == topic_slug), None)
    articles = published.for_list().prefetch_related(None).newest_first()
    if topic:
        articles = articles.filter(topics=topic)
    featured = None
    if topic is None:
        # The newest featured article sits on top of the first page and is left out of the pages below.
        featured = published.filter(featured=True).for_list().prefetch_related(None).newest_first().first()
        if featured is not None:
            articles = articles.exclude(pk=featured.pk)
    page = Paginator(articles, PAGE_SIZE).get_page(number)
    if page.number > 1:
        featured = None
    # The featured article's people and topics come with the page's: two queries, not four.
    shown = list(page.object_list)
    prefetch_related_objects([a for a in (featured, *shown) if a is not None], *people_and_topics())
    context = {
        "articles": shown,
        "page_obj": NumberPage(page.number, page.paginator.num_pages),
        "featured": featured,
        "topics": topics,
        "topic": topic,
        "query": urlencode({"topic": topic.slug}) if topic else "",
    }
    return context, changes_at


def article_detail(request, slug):
    user = request.user
    origin = _origin(request)
    if not is_editor(user):
        # A live article reads the same for every member (and for every visitor): kept as HTML per content
        # version, until the next article goes live (it may join the related list). Editors see drafts and
        # the editor bar, so their page is rendered afresh.
        member = is_member(user)
        kept, changes_at = cached_until_changed(
            "article-page", [slug, member, origin], partial(_reader_page, slug, member=member, origin=origin)
        )
        if kept is not None:
            response = render(request, "articles/detail.html", {"article": kept, "kept": kept})
            response.changes_at = changes_at
            return response
    try:
        article = Article.objects.visible_to(user).for_page().get(slug=slug)
    except Article.DoesNotExist:
        if Article.objects.withdrawn_after_going_live().filter(slug=slug).exists():
            context = {"noun": "article", "list_url": reverse("articles:list"), "list_label": "Read other articles"}
            return render(request, "410.html", context, status=410)
        raise Http404("No such article.") from None
    return render_article(request, article)


def _reader_page(slug, *, member, origin):
    """(The live article's page as readers see it, or None; when it next changes by the clock)."""
    # Asked before the article is read: an article going live meanwhile makes the page expire at once.
    changes_at = Article.objects.next_publication()
    article = Article.objects.published().for_page().filter(slug=slug).first()
    if article is None:
        return None, changes_at
    # Rendered without the request: nothing in it may depend on who asked, except whether they are a member.
    context = {
        **_article_context(article),
        "origin": origin,
        "member": member,
        "SITE_NAME": settings.SITE_NAME,
    }
    page = {
        "title": article.title,
        "description": article.description,
        "meta": render_to_string("articles/_detail_meta.html", context),
        "content": render_to_string("articles/_detail_content.html", context),
    }
    return page, changes_at


def _article_context(article, *, preview=False):
    topic_ids = [t.pk for t in article.topics.all()]
    related = (
        Article.objects.published()
        .filter(topics__in=topic_ids)
        .exclude(pk=article.pk)
        .only("id", "title", "slug", "publish_at")
        .annotate(shared=Count("topics"))
        .order_by("-shared", "-publish_at")[:3]
        if topic_ids
        else []
    )
    return {"article": article, "related": related, "preview": preview}


def render_article(request, article, *, preview=False):
    """The article page; the editor area's preview renders through here too."""
    context = {
        **_article_context(article, preview=preview),
        "origin": _origin(request),
        "member": is_member(request.user),
    }
    return render(request, "articles/detail.html", context)


def _origin(request):
    """The scheme and host the page's canonical address and link previews start with."""
    return f"{request.scheme}://{request.get_host()}"
