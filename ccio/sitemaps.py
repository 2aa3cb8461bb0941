"""The site's /sitemap.xml: each app adds its public, published pages here."""

from articles.sitemaps import ArticleSitemap
from pages.sitemaps import PageSitemap
from profiles.sitemaps import CCIOProfileSitemap, DirectoryEntrySitemap
from resources.sitemaps import ResourceSitemap

SITEMAPS = {
    "articles": ArticleSitemap,
    "profiles": CCIOProfileSitemap,
    "members": DirectoryEntrySitemap,
    "resources": ResourceSitemap,
    "pages": PageSitemap,
}
