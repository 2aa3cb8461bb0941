"""Writes in private messages: each a keyword-only function, atomic, used by the views and the demo.

Message numbers are handed out under a row lock on the conversation
(locks.py), so two participants writing at the same moment get distinct
numbers; counters move with F(). Who may do what is asked of access.py.
"""

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.utils import timezone

from core.markdown import excerpt, render_markdown
from core.person_cache import person_changed
from messaging import access, limits
from messaging.limits import MessagingError
from messaging.locks import lock_conversation, lock_member
from messaging.models import (
    MAX_RECIPIENTS,
    MODERATORS_NAME,
    Block,
    Conversation,
    Message,
    Participant,
    Preferences,
)
from notifications import header
from notifications.services import notify_many

__all__ = [
    "MessagingError",
    "block",
    "conversation_leave",
    "conversation_start",
    "moderators_contact",
    "moderators_handled",
    "participants_add",
    "preferences_for",
    "preferences_save",
    "reply_create",
    "unblock",
]


# --- the messages themselves ----------------------------------------------------


def update_search_vector(message, subject=""):
    """Keep the stored search vector current (PostgreSQL only): subject weight A on message 1, body B."""
    if connection.vendor != "postgresql":
        return
    Message.objects.filter(pk=message.pk).update(
        search_vector=SearchVector(Value(subject if message.number == 1 else ""), weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
    )


def _add(conversation, *, author, kind=Message.Kind.MESSAGE, body="", as_moderators=False, actor=None):
    """The next message in a locked conversation, with every counter and read state moved."""
    message = Message(
        conversation=conversation,
        number=conversation.last_number + 1,
        kind=kind,
        author=author,
        actor=actor,
        as_moderators=as_moderators,
        body=body,
        body_html=render_markdown(body) if body else "",
    )
    message.save()
    changes = {"last_number": F("last_number") + 1, "last_message_at": message.created}
    if conversation.with_moderators and kind == Message.Kind.MESSAGE:
        changes["awaiting_moderators"] = not as_moderators
        if as_moderators:
            changes["moderators_replied_number"] = message.number
    Conversation.objects.filter(pk=conversation.pk).update(**changes)
    conversation.last_number = message.number
    conversation.last_message_at = message.created
    if kind == Message.Kind.MESSAGE:
        update_search_vector(message, conversation.subject)
    # Who has read everything so far has read this too: the writer, and anyone who blocked them
    # (they never see it, so it must not show as unread to them).
    caught_up = Participant.objects.filter(conversation=conversation, last_read_number=message.number - 1)
    if author is not None:
        blockers = Block.objects.filter(blocked=author).values("blocker_id")
        caught_up.filter(user_id__in=blockers).update(last_read_number=message.number)
        caught_up.filter(user=author).update(last_read_number=message.number)
    # Everyone in it may now have something unread (or, the writer, nothing new): recount their headers.
    header.counts_changed(Participant.objects.filter(conversation=conversation).values_list("user_id", flat=True))
    return message


# --- who hears about it -----------------------------------------------------------


def _with_content_choice(people):
    """Split people into (want the text in emails, want only a notice), in one query."""
    without = set(
        Preferences.objects.filter(user__in=[p.pk for p in people], email_content=False).values_list(
            "user_id", flat=True
        )
    )
    return [p for p in people if p.pk not in without], [p for p in people if p.pk in without]


def _tell(people, *, kind, actor, title, url, body, plain_title):
    """Notify people; those who chose "notify without content" get neither subject nor text."""
    with_content, without_content = _with_content_choice(people)
    if with_content:
        notify_many(with_content, kind, title=title, url=url, actor=actor, body=excerpt(body, 300))
    if without_content:
        notify_many(without_content, kind, title=plain_title, url=url, actor=actor)


def _recipients(conversation, author):
    """Current participants who should hear about a new message: not the author, nobody who blocked them."""
    participants = Participant.objects.current().filter(conversation=conversation).exclude(user=author)
    if author is not None:
        participants = participants.exclude(user_id__in=Block.objects.filter(blocked=author).values("blocker_id"))
    User = get_user_model()
    return list(User.objects.filter(pk__in=participants.values("user_id"), is_active=True))


def active_moderators():
    """Everyone core.permissions' is_moderator says yes to: the group narrows it in SQL, the predicate decides."""
    from accounts import roles

    User = get_user_model()
    in_group = User.groups.through.objects.filter(group__name=roles.MODERATORS).values("user_id")
    candidates = User.objects.filter(Q(pk__in=in_group) | Q(is_superuser=True), is_active=True)
    people = []
    for user in candidates.prefetch_related("groups").order_by("pk"):
        user._role_names = frozenset(group.name for group in user.groups.all())
        if access.can_moderate(user):
            people.append(user)
    return people


def _notify_message(message, conversation, *, started=False):
    author = message.author
    url = message.get_absolute_url()
    subject = conversation.subject
    if conversation.with_moderators and not message.as_moderators:
        moderators = [m for m in active_moderators() if author is None or m.pk != author.pk]
        _tell(
            moderators,
            kind="messaging.moderators",
            actor=author,
            title=f"wrote to the moderators: “{subject}”",
            plain_title="wrote to the moderators",
            url=url,
            body=message.body,
        )
        return
    people = _recipients(conversation, author)
    if message.as_moderators:
        _tell(
            people,
            kind="messaging.message",
            actor=None,
            title=f"{MODERATORS_NAME} replied to “{subject}”",
            plain_title=f"{MODERATORS_NAME} sent you a message",
            url=url,
            body=message.body,
        )
        return
    _tell(
        people,
        kind="messaging.message",
        actor=author,
        title=f"started a conversation with you: “{subject}”" if started else f"wrote in “{subject}”",
        plain_title="sent you a private message",
        url=url,
        body=message.body,
    )


# --- conversations -----------------------------------------------------------------


def _others(starter, people):
    unique = {}
    for person in people:
        if person is not None and person.pk != starter.pk:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def check_recipients(starter, people, *, already=0):
    """Raise MessagingError unless starter may start a conversation with all these people."""
    others = _others(starter, people)
    if not others:
        if people:
            raise MessagingError("You cannot start a conversation with only yourself: choose another member.")
        raise MessagingError("Choose at least one member to write to.")
    if already + len(others) > MAX_RECIPIENTS:
        raise MessagingError(
            f"A conversation can have at most {MAX_RECIPIENTS} people besides the one who started it; "
            f"you chose {already + len(others)}."
        )
    refused = access.refusals(starter, others)
    if refused:
        raise MessagingError(" ".join(refused.values()))
    return others


@transaction.atomic
def conversation_start(*, starter, recipients, subject, body, enforce_limits=True):
    """Start a conversation between members. Returns the conversation."""
    if not access.can_start(starter):
        raise MessagingError(
            "Your account is suspended: you can write to the moderators only."
            if getattr(starter, "is_suspended", False)
            else "Only members can start conversations."
        )
    others = check_recipients(starter, recipients)
    lock_member(starter.pk)
    if enforce_limits:
        limits.check(author=starter, body=body, new_conversation=True)
    now = timezone.now()
    conversation = Conversation.objects.create(subject=subject.strip(), started_by=starter, created=now)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=starter, joined_at=now)]
        + [Participant(conversation=conversation, user=person, joined_at=now, added_by=starter) for person in others]
    )
    message = _add(conversation, author=starter, body=body)
    _notify_message(message, conversation, started=True)
    return conversation


@transaction.atomic
def moderators_contact(*, author, subject, body, enforce_limits=True):
    """Open a conversation with the moderators. Returns the conversation."""
    if not access.can_contact_moderators(author):
        raise MessagingError("Only members, and people whose membership application is pending, can do this.")
    lock_member(author.pk)
    if enforce_limits:
        limits.check(author=author, body=body, new_conversation=True)
    now = timezone.now()
    conversation = Conversation.objects.create(
        kind=Conversation.Kind.MODERATORS, subject=subject.strip(), started_by=author, created=now
    )
    Participant.objects.create(conversation=conversation, user=author, joined_at=now)
    message = _add(conversation, author=author, body=body)
    _notify_message(message, conversation, started=True)
    return conversation


def _participant(conversation, user):
    return Participant.objects.current().filter(conversation=conversation, user=user).first()


@transaction.atomic
def reply_create(*, author, conversation, body, enforce_limits=True):
    """A new message in a conversation. Returns the message."""
    conversation = lock_conversation(conversation.pk)
    participant = _participant(conversation, author)
    side = access.writing_side(author, conversation, is_participant=participant is not None)
    if side is None:
        if participant is not None and author.is_suspended:
            raise MessagingError("Your account is suspended: you can write to the moderators only.")
        raise MessagingError("You cannot write in this conversation.")
    as_moderators = side == access.MODERATORS_SIDE
    if enforce_limits:
        limits.check(author=author, body=body, as_moderators=as_moderators)
    message = _add(conversation, author=author, body=body, as_moderators=as_moderators)
    _notify_message(message, conversation)
    return message


@transaction.atomic
def participants_add(*, conversation, by, people):
    """The starter adds members (who accept them) to a conversation between members. Returns who was added."""
    conversation = lock_conversation(conversation.pk)
    if (
        conversation.with_moderators
        or conversation.started_by_id != by.pk
        or not access.can_start(by)
        or _participant(conversation, by) is None
    ):
        raise MessagingError("Only the member who started this conversation can add people to it.")
    current = set(Participant.objects.current().filter(conversation=conversation).values_list("user_id", flat=True))
    newcomers = [p for p in _others(by, people) if p.pk not in current]
    if not newcomers:
        raise MessagingError("Everyone you chose is already in this conversation.")
    check_recipients(by, newcomers, already=len(current) - 1)
    now = timezone.now()
    for person in newcomers:
        # Someone who left and is added again rejoins with their old read position.
        Participant.objects.update_or_create(
            conversation=conversation, user=person, defaults={"left_at": None, "joined_at": now, "added_by": by}
        )
        _add(conversation, author=person, actor=by, kind=Message.Kind.JOINED)
    _tell(
        newcomers,
        kind="messaging.message",
        actor=by,
        title=f"added you to the conversation “{conversation.subject}”",
        plain_title="added you to a private conversation",
        url=conversation.get_absolute_url(),
        body="",
    )
    return newcomers


@transaction.atomic
def conversation_leave(*, conversation, user):
    """Leave a conversation: it goes from the inbox, and the others see that they left."""
    conversation = lock_conversation(conversation.pk)
    participant = _participant(conversation, user)
    if participant is None:
        raise MessagingError("You are not in this conversation.")
    Participant.objects.filter(pk=participant.pk).update(left_at=timezone.now())
    _add(conversation, author=user, kind=Message.Kind.LEFT)
    if conversation.with_moderators:
        Conversation.objects.filter(pk=conversation.pk).update(awaiting_moderators=False)


@transaction.atomic
def moderators_handled(*, conversation, moderator):
    """A moderator marks a conversation with the moderators as needing no answer (for now)."""
    if not (conversation.with_moderators and access.can_moderate(moderator)):
        raise MessagingError("Only moderators can do that.")
    Conversation.objects.filter(pk=conversation.pk).update(awaiting_moderators=False)


# --- privacy: preferences and blocks ------------------------------------------------


def preferences_for(user):
    """The member's messaging preferences (an unsaved default when they never chose)."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def preferences_save(*, user, who_can_start, email_content):
    if who_can_start not in Preferences.WhoCanStart.values:
        raise MessagingError("Choose who may start a conversation with you.")
    preferences, _ = Preferences.objects.update_or_create(
        user=user, defaults={"who_can_start": who_can_start, "email_content": bool(email_content)}
    )
    return preferences


def block(*, blocker, blocked):
    """blocker hears nothing more from blocked, who is not told. Blocking twice is harmless."""
    if blocker.pk == blocked.pk:
        raise MessagingError("You cannot block yourself.")
    try:
        with transaction.atomic():
            Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        pass  # the same block, made at the same moment by a double submit
    person_changed([blocker.pk])  # what blocker reads is kept with their blocks (messaging.personal.reader)


def unblock(*, blocker, blocked):
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    person_changed([blocker.pk])
