"""Row locks used by private messages' writes, in one place (as forum/locks.py).

Take them inside transaction.atomic(). On PostgreSQL select_for_update()
blocks a second writer until the first commits; SQLite runs transactions in
IMMEDIATE mode (see settings), which serialises writers the same way.
"""

from django.contrib.auth import get_user_model

from messaging.models import Conversation

# Tests switch this off to show the race the lock prevents.
ENABLED = True


def lock_conversation(conversation_id):
    """The conversation, re-read under a row lock so message numbers and counters stay right."""
    qs = Conversation.objects.all()
    if ENABLED:
        qs = qs.select_for_update()
    return qs.get(pk=conversation_id)


def lock_member(user_id):
    """The writer's own account row, locked: one member's new conversations are made one at a time,
    so a double submit finds the first one's message and is refused as a repeat."""
    if ENABLED:
        get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()
