from django.contrib.sitemaps import Sitemap

from resources.models import Access, Resource


class ResourceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Resource.objects.in_library().filter(access=Access.PUBLIC).newest_first().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
