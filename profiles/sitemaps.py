from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from profiles.models import CCIOProfile, DirectoryEntry


class CCIOProfileSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return CCIOProfile.objects.published().newest_first()

    def lastmod(self, item):
        return item.updated_at


class DirectoryEntrySitemap(Sitemap):
    """Only entries their members share with everyone: the sitemap is public."""

    changefreq = "monthly"

    def items(self):
        return DirectoryEntry.objects.visible_to(AnonymousUser()).select_related("user").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
