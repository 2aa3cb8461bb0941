"""Take the actor's name out of stored notification titles (best effort).

Titles used to begin with the name the actor had when the notification was
created ("Dr Jane Smith replied to ..."), so a member who later changed their
name or erased their account still appeared under the old one. From now on
the title holds only what they did and the name is shown as it is at display
time (Notification.text). For rows written before, the name prefix is taken
off where the title has one of the shapes the apps wrote (whatever the name
was, so renamed members are covered too), and the row is marked actor_named.
A row that matches no known shape keeps its title.

The moderation notice ("A moderator hid your post ...") never named the
moderator and now carries no actor at all, as new ones do. An accepted answer
now reads "<name> accepted your answer in ...".
"""

import re

from django.db import migrations

# kind -> pattern with the name first and the rest of the title (what the actor did) in "rest".
NAMED_SHAPES = {
    "forum.reply": re.compile(r'^(?P<name>.+?) (?P<rest>(?:replied to|started) ".*)$', re.S),
    "forum.mention": re.compile(r'^(?P<name>.+?) (?P<rest>mentioned you in ".*)$', re.S),
    "forum.reaction": re.compile(r'^(?P<name>.+?) (?P<rest>liked your post in ".*)$', re.S),
    "editorial.review": re.compile(r"^(?P<name>.+?) (?P<rest>sent “.*)$", re.S),
    "editorial.decision": re.compile(r"^(?P<name>.+?) (?P<rest>(?:approved|sent) “.*)$", re.S),
}
ACCEPTED = re.compile(r'^Your answer in (?P<topic>".*") was accepted$', re.S)
CANCELLED_BY_ORGANISERS = re.compile(r"^Your (?P<place>.+?) at (?P<event>“.*”) was cancelled by the organisers$", re.S)


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.filter(actor_named=False).only("pk", "kind", "title", "actor_id")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        title = None
        named = True
        shape = NAMED_SHAPES.get(row.kind)
        if shape is not None:
            match = shape.match(row.title)
            if match:
                title = match.group("rest")
        elif row.kind == "forum.accepted" and row.actor_id:
            match = ACCEPTED.match(row.title)
            if match:
                title = f"accepted your answer in {match.group('topic')}"
        elif row.kind == "events.changed" and row.actor_id:
            match = CANCELLED_BY_ORGANISERS.match(row.title)
            if match:
                title = f"cancelled your {match.group('place')} at {match.group('event')}"
        elif row.kind == "forum.moderation" and row.actor_id:
            title, named = row.title, False
            row.actor_id = None
        if title is None:
            continue
        row.title = title[:200]
        row.actor_named = named
        changed.append(row)
        if len(changed) >= 2000:
            Notification.objects.bulk_update(changed, ["title", "actor_named", "actor"])
            changed = []
    if changed:
        Notification.objects.bulk_update(changed, ["title", "actor_named", "actor"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_actor_named"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
