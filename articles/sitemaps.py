from django.contrib.sitemaps import Sitemap

from articles.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().newest_first()

    def lastmod(self, item):
        return item.updated_at
