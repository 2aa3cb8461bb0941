from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from articles.models import Article
from editorial.models import Topic

PAGE_SIZE = 10


def article_list(request):
    published = Article.objects.published()
    topics = list(Topic.objects.filter(articles__in=published).distinct().order_by("name"))
    topic = next((t for t in topics if t.slug == request.GET.get("topic")), None)
    articles = published.for_list().newest_first()
    if topic:
        articles = articles.filter(topics=topic)
    featured = None
    if topic is None:
        # The newest featured article sits on top of the first page and is left out of the pages below.
        featured = published.filter(featured=True).for_list().newest_first().first()
        if featured is not None:
            articles = articles.exclude(pk=featured.pk)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    if page.number > 1:
        featured = None
    return render(
        request,
        "articles/list.html",
        {
            "page_obj": page,
            "featured": featured,
            "topics": topics,
            "topic": topic,
            "query": urlencode({"topic": topic.slug}) if topic else "",
        },
    )


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.visible_to(request.user).for_page(), slug=slug)
    return render_article(request, article)


def render_article(request, article, *, preview=False):
    """The article page; the editor area's preview renders through here too."""
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
    return render(
        request,
        "articles/detail.html",
        {"article": article, "related": related, "preview": preview},
    )
