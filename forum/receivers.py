"""The forum's part in exporting and erasing an account.

Erasure: posts stay (shown as "Former member"), personal traces go.
Export: what the member wrote and did, never other members' words, flags or
moderators' notes beyond what the member was told.
"""

from collections import defaultdict

from django.dispatch import receiver
from django.urls import reverse

from accounts.services import export_iso
from accounts.signals import account_erased, account_exported
from forum.models import Bookmark, Flag, Post, PostRevision, Reaction, ReadState, Topic, Watch
from forum.services import erase_mentions


@receiver(account_erased, dispatch_uid="forum_account_erased")
def erase_forum_traces(sender, user, **kwargs):
    ReadState.objects.filter(user=user).delete()
    Watch.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
    # Their username leaves others' posts: "@name" becomes "Former member" (the name is freed for reuse).
    erase_mentions(username=user.username)


def _topic_url(topic_id, slug):
    return reverse("forum:topic", args=[topic_id, slug or "topic"])


def _post_url(post_id):
    return reverse("forum:permalink", args=[post_id])


def _post_refs(queryset):
    """The member's likes or bookmarks: which post, in which topic, when. One query."""
    return [
        {
            "post_url": _post_url(row["post_id"]),
            "topic": row["post__topic__title"],
            "created": export_iso(row["created"]),
        }
        for row in queryset.order_by("created", "pk").values("post_id", "post__topic__title", "created")
    ]


@receiver(account_exported, dispatch_uid="forum_account_exported")
def export_forum_data(sender, user, **kwargs):
    # One query per kind of data, however much the member has written.
    earlier_versions = defaultdict(list)
    for revision in (
        PostRevision.objects.filter(post__author=user).order_by("created", "pk").values("post_id", "body", "created")
    ):
        earlier_versions[revision["post_id"]].append(
            {"body_markdown": revision["body"], "replaced_at": export_iso(revision["created"])}
        )

    topics = [
        {
            "title": t["title"],
            "url": _topic_url(t["id"], t["slug"]),
            "category": t["category__name"],
            "created": export_iso(t["created"]),
            "hidden_by_moderators": t["hidden"],
        }
        for t in Topic.objects.filter(author=user)
        .order_by("created", "pk")
        .values("id", "slug", "title", "category__name", "created", "hidden")
    ]

    posts = []
    for p in (
        Post.objects.filter(author=user)
        .order_by("created", "pk")
        .values(
            "id",
            "number",
            "topic_id",
            "topic__slug",
            "topic__title",
            "body",
            "created",
            "edited_at",
            "hidden",
            "hidden_reason",
            "deleted",
        )
    ):
        post = {
            "topic": p["topic__title"],
            "topic_url": _topic_url(p["topic_id"], p["topic__slug"]),
            "number": p["number"],
            "url": _post_url(p["id"]),
            "created": export_iso(p["created"]),
            "edited": export_iso(p["edited_at"]),
            "body_markdown": p["body"],
            "deleted": p["deleted"],
            "hidden_by_moderators": p["hidden"],
        }
        if p["hidden"]:
            post["hidden_reason"] = p["hidden_reason"]  # the member was sent this reason when it was hidden
        if earlier_versions.get(p["id"]):
            post["earlier_versions"] = earlier_versions[p["id"]]
        posts.append(post)

    watches = [
        {
            "level": w["level"],
            "topic": w["topic__title"],
            "topic_url": _topic_url(w["topic_id"], w["topic__slug"]) if w["topic_id"] else None,
            "category": w["category__name"],
            "category_url": reverse("forum:category", args=[w["category__slug"]]) if w["category_id"] else None,
        }
        for w in Watch.objects.filter(user=user)
        .order_by("pk")
        .values("level", "topic_id", "topic__title", "topic__slug", "category_id", "category__name", "category__slug")
    ]

    read_positions = [
        {
            "topic": r["topic__title"],
            "topic_url": _topic_url(r["topic_id"], r["topic__slug"]),
            "last_read_post_number": r["last_read_number"],
            "updated": export_iso(r["updated"]),
        }
        for r in ReadState.objects.filter(user=user)
        .order_by("updated", "pk")
        .values("topic_id", "topic__title", "topic__slug", "last_read_number", "updated")
    ]

    # The flags they raised, and what became of them; who resolved them is the moderators' business.
    flags = [
        {
            "post_url": _post_url(f["post_id"]),
            "topic": f["post__topic__title"],
            "reason": f["reason"],
            "detail": f["detail"],
            "status": f["status"],
            "created": export_iso(f["created"]),
            "resolved_at": export_iso(f["resolved_at"]),
        }
        for f in Flag.objects.filter(reporter=user)
        .order_by("created", "pk")
        .values("post_id", "post__topic__title", "reason", "detail", "status", "created", "resolved_at")
    ]

    return "forum", {
        "topics_started": topics,
        "posts": posts,
        "likes_given": _post_refs(Reaction.objects.filter(user=user)),
        "bookmarks": _post_refs(Bookmark.objects.filter(user=user)),
        "watched_and_muted": watches,
        "read_positions": read_positions,
        "flags_raised": flags,
    }
