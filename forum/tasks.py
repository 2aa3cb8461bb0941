"""The forum's background work: telling the people watching a topic or category about a new post.

A category can have thousands of watchers. The reply's request only queues
this task, in its own transaction (so a post is never without it, and a
rolled-back post never has one); the worker creates the notifications in
bulk through notifications.notify_many. Run twice (a worker killed after
committing, before recording the task as done), it tells nobody twice.
"""

from django.db import transaction
from django.db.models import Q
from django_tasks import task

from accounts.models import User
from forum import access
from forum.models import Post, Watch
from forum.rendering import excerpt
from notifications import notify_many
from notifications.models import Notification

REPLY_KIND = "forum.reply"


@task()
def notify_watchers(post_id, already_told=()):
    """Notify the watchers of a post's topic and category, except the muted and already_told (ids)."""
    post = Post.objects.select_related("topic__category", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible_content:
        return 0
    topic = post.topic
    url = post.get_absolute_url()
    muted = Watch.objects.filter(topic=topic, level=Watch.Level.MUTED).values("user_id")
    watching = Watch.objects.filter(Q(topic=topic) | Q(category=topic.category_id), level=Watch.Level.WATCHING)
    told = Notification.objects.filter(kind=REPLY_KIND, url=url).values("recipient_id")
    watchers = (
        User.objects.with_role_names()
        .filter(is_active=True, pk__in=watching.values("user_id"))
        .exclude(pk__in=muted)
        .exclude(pk__in=told)
        .exclude(pk__in=list(already_told))
    )
    recipients = [user for user in watchers if access.may_receive_about(user, topic)]
    verb = "replied to" if post.number > 1 else "started"
    with transaction.atomic():
        created = notify_many(
            recipients,
            REPLY_KIND,
            title=f'{verb} "{topic.title}"',
            url=url,
            actor=post.author,
            body=excerpt(post.body),
        )
    return len(created)
