"""Take names out of the quote headers the Quote button wrote into posts.

The button used to write "> **Dr Jane Smith** [wrote](/forum/p/12/):" into the
quoting member's post, so the quoted member's name at that moment stayed in
someone else's post after they changed it or erased their account, and was
shown to visitors in public categories. It now writes
"> [Quote from post #3](/forum/p/12/):" (forum.rendering.quote_header). Here
every header of the old shape, in posts and in their edit history, is
rewritten to the new one, the stored HTML is rendered again and (on
PostgreSQL) the search vector is rebuilt. Only the exact line the button
wrote is touched; what members typed themselves is theirs and stays.
"""

import re

from django.db import migrations
from django.db.models import Value

OLD_HEADER = re.compile(r"^> \*\*(?:.*?)\*\* \[wrote\]\(/forum/p/(?P<pk>\d+)/\):[ \t]*$", re.M)
MENTION = re.compile(r"(?<![\w@/.\-])@([A-Za-z0-9](?:[A-Za-z0-9_-]{1,28}[A-Za-z0-9]))\b")


def _rewrite(body, numbers):
    def header(match):
        pk = int(match.group("pk"))
        what = f"Quote from post #{numbers[pk]}" if pk in numbers else "Quote from an earlier post"
        return f"> [{what}](/forum/p/{pk}/):"

    return OLD_HEADER.sub(header, body)


def _render(apps, body):
    from forum.rendering import render_post_body

    User = apps.get_model("accounts", "User")
    names = list(dict.fromkeys(m.lower() for m in MENTION.findall(body)))[:10]
    mentioned = []
    if names:
        query = User.objects.none()
        for name in names:
            query = query | User.objects.filter(username__iexact=name)
        mentioned = list(query.filter(is_active=True))
    return str(render_post_body(body, mentioned=mentioned))


def forwards(apps, schema_editor):
    Post = apps.get_model("forum", "Post")
    PostRevision = apps.get_model("forum", "PostRevision")
    posts = list(Post.objects.filter(body__contains="[wrote](/forum/p/").only("pk", "body", "number", "topic_id"))
    revisions = list(PostRevision.objects.filter(body__contains="[wrote](/forum/p/").only("pk", "body"))
    quoted = {int(m.group("pk")) for row in [*posts, *revisions] for m in OLD_HEADER.finditer(row.body)}
    numbers = dict(Post.objects.filter(pk__in=quoted).values_list("pk", "number"))
    changed_posts = []
    for post in posts:
        body = _rewrite(post.body, numbers)
        if body != post.body:
            post.body, post.body_html = body, _render(apps, body)
            changed_posts.append(post)
    Post.objects.bulk_update(changed_posts, ["body", "body_html"], batch_size=500)
    changed_revisions = []
    for revision in revisions:
        body = _rewrite(revision.body, numbers)
        if body != revision.body:
            revision.body, revision.body_html = body, _render(apps, body)
            changed_revisions.append(revision)
    PostRevision.objects.bulk_update(changed_revisions, ["body", "body_html"], batch_size=500)
    if schema_editor.connection.vendor == "postgresql" and changed_posts:
        from django.contrib.postgres.search import SearchVector

        Topic = apps.get_model("forum", "Topic")
        for post in changed_posts:
            title = Topic.objects.get(pk=post.topic_id).title if post.number == 1 else ""
            Post.objects.filter(pk=post.pk, deleted=False).update(
                search_vector=SearchVector(Value(title), weight="A", config="english")
                + SearchVector("body", weight="B", config="english")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_role_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
