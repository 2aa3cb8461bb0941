"""Serialising one person's writes: the row lock their rate limits and duplicate checks run under.

A limit ("3 posts a minute") or a duplicate check ("the same topic twice")
is a read followed by a write; two requests from the same person at the same
moment both read before either writes, and both pass. Locking the person's
own row first makes the second wait for the first to commit, so it counts
what the first wrote. Take it inside transaction.atomic(), before any other
lock (person first, then the thing: topic, event, item), so that locks are
always taken in the same order.

FOR NO KEY UPDATE on PostgreSQL: rows that merely point at the person (a
notification for them, a post by them) can still be written meanwhile.
SQLite runs transactions in IMMEDIATE mode (see settings), which serialises
every writer anyway.
"""

from django.contrib.auth import get_user_model

# Tests switch this off to show the race the lock prevents.
ENABLED = True

# A second identical create this soon after the first is the same click twice.
DOUBLE_SUBMIT_SECONDS = 600


def lock_person(user):
    """Hold `user`'s row until the transaction ends, so their concurrent writes run one after another."""
    if ENABLED and user is not None and user.pk is not None:
        get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk").first()
