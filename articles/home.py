from articles.models import Article

LATEST = 4


def section(request):
    """Home page: the featured article and the latest ones (4 queries)."""
    # Asked before the articles are read: one going live in between makes the page expire at once.
    changes_at = Article.objects.next_publication()
    published = Article.objects.published()
    featured = published.filter(featured=True).for_list().newest_first().first()
    latest = published.newest_first().only("id", "title", "slug", "publish_at")
    if featured:
        latest = latest.exclude(pk=featured.pk)
    latest = list(latest[:LATEST])
    if not featured and not latest:
        return None
    return {
        "template": "articles/home_section.html",
        "featured": featured,
        "latest": latest,
        "changes_at": changes_at,
    }
