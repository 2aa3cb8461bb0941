from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from resources.models import Resource

FEED_SIZE = 20


class NewResourcesFeed(Feed):
    """New in the library, newest first: titles and summaries (a members-only resource says so)."""

    title = f"{settings.SITE_NAME}: new resources"
    link = reverse_lazy("resources:list")
    description = "New professional development resources in the CCIO Network library."

    def items(self):
        return Resource.objects.in_library().for_list().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary} (Members only.)" if item.members_only else item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display(), *(t.name for t in item.topics.all())]
