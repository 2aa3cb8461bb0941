"""RSS of the latest topics in PUBLIC categories only (members-only never appears in feeds)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from forum.models import Category, Topic
from forum.rendering import excerpt

FEED_ITEMS = 30


def _public_topics():
    return (
        Topic.objects.filter(category__access=Category.Access.PUBLIC, hidden=False)
        .select_related("category")
        .order_by("-created")
    )


class LatestTopicsFeed(Feed):
    title = "CCIO Forum: latest public topics"
    description = "New topics in the public categories of the CCIO Forum."

    def link(self):
        return reverse("forum:index")

    def items(self):
        return _public_topics()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # No names: what is said in the forum is never attributed outside it (Chatham House rule).
        replies = "1 reply" if item.reply_count == 1 else f"{item.reply_count} replies"
        # Plain text, and the feed's description is HTML: escaped so readers show the text.
        return escape(f"A new topic in {item.category.name}, {replies}.")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created


class CategoryFeed(LatestTopicsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug, access=Category.Access.PUBLIC)

    def title(self, obj):
        return f"CCIO Forum: {obj.name}"

    def description(self, obj):
        return excerpt(obj.description) or f"New topics in {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _public_topics().filter(category=obj)[:FEED_ITEMS]
