from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article

FEED_SIZE = 20


class ArticlesFeed(Feed):
    title = f"{settings.SITE_NAME}: articles"
    link = reverse_lazy("articles:list")
    description = "Feature articles from the CCIO Leaders Network."

    def items(self):
        return Article.objects.published().for_list().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The standfirst and search description are plain text, and feeds carry HTML
        # here (RSS <description>, Atom <summary type="html">): escape so readers show the text.
        return escape(item.description)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(a.public_name for a in item.authors.all()) or None

    def item_categories(self, item):
        return [t.name for t in item.topics.all()]


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description
