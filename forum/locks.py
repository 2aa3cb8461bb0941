"""Row locks used by the forum's writes, in one place.

Take them inside transaction.atomic(). On PostgreSQL select_for_update()
blocks a second writer until the first commits; SQLite runs transactions in
IMMEDIATE mode (see settings), which serialises writers the same way.
"""

from forum.models import Topic

# Tests switch this off to show the race the lock prevents.
ENABLED = True


def lock_topic(topic_id):
    """The topic, re-read under a row lock so post numbers and counters stay right."""
    qs = Topic.objects.select_related("category")
    if ENABLED:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=topic_id)
