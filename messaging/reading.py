"""Read state and unread counts: how far each participant has read each conversation.

One Participant row per member per conversation holds the number of the last
message they read, so "unread" is last_number > last_read_number, and a page
view writes at most one row. Moderators share the moderators' inbox: a
conversation there is waiting when the member wrote last and no moderator
has answered (Conversation.awaiting_moderators).
"""

from django.db.models import F

from messaging.models import Conversation, Participant
from notifications import header


def unread_participations(user):
    """The person's current conversations with something they have not read."""
    return Participant.objects.filter(
        user=user, left_at__isnull=True, conversation__last_number__gt=F("last_read_number")
    )


def awaiting_moderators():
    return Conversation.objects.filter(kind=Conversation.Kind.MODERATORS, awaiting_moderators=True)


def header_rows(user):
    """What the header's Messages count counts (registered with notifications.header): the
    person's own conversations with unread messages. Moderators hear of messages to the team
    through the bell (kind messaging.moderators) and see the waiting ones on their inbox."""
    if not (user.is_authenticated and user.is_active):
        return None
    return unread_participations(user)


def record_read(conversation, *, reader, up_to):
    """Advance the participant's read position to `up_to`: at most one write, none when nothing changed.

    The condition in the UPDATE keeps it from ever moving back when two pages
    are read at once.
    """
    previous = conversation.my_last_read
    if conversation.my_participant_id is None or previous is None or up_to <= previous:
        return False
    Participant.objects.filter(pk=conversation.my_participant_id, last_read_number__lt=up_to).update(
        last_read_number=up_to
    )
    header.counts_changed([reader.pk])
    return True


def first_unread_number(conversation):
    """The first message this person has not read (the moderators': the first after their last answer)."""
    if conversation.as_moderator:
        last = conversation.moderators_replied_number
    else:
        last = conversation.my_last_read or 0
    return min(last + 1, max(conversation.last_number, 1))
