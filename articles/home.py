from django.db.models import Q
from django.utils import timezone

from articles.models import Article

LATEST = 4


def section(request):
    """Home page: the featured article and the latest ones (3 queries: the articles, their authors and topics)."""
    now = timezone.now()
    published = Article.objects.published(now)
    newest_featured = published.filter(featured=True).newest_first().values("pk")[:1]
    newest = published.newest_first().values("pk")[: LATEST + 1]
    # The newest featured article and the newest five: the featured one is the first featured row,
    # and the latest are the others (older featured ones among them are listed like any other).
    articles = list(
        published.filter(Q(pk__in=newest_featured) | Q(pk__in=newest))
        .for_list()
        .with_next_publication(now)
        .newest_first()
    )
    if not articles:
        return None
    featured = next((article for article in articles if article.featured), None)
    return {
        "template": "articles/home_section.html",
        "featured": featured,
        "latest": [article for article in articles if article is not featured][:LATEST],
        "changes_at": articles[0].next_publication,
    }
