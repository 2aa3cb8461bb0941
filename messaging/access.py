"""Who may see and do what in private messages: the one place that answers it.

- A conversation between members is seen only by its current participants:
  not by moderators, editors or staff (they see a message only when a
  participant reports it, through moderation.py).
- A conversation with the moderators is seen by the member who opened it and
  by every moderator, who answers as "the moderators".
- Members who are not suspended start conversations with members who accept
  them (their privacy choice, and no block); the starter adds participants
  under the same rule. Suspended members read and may write to the
  moderators only. An applicant whose membership is pending may write to
  the moderators too.
Views use the scoped getters at the bottom so none forgets a check.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import MembershipApplication
from core.permissions import is_member, is_moderator, moderator_required
from messaging.models import Block, Conversation, Message, Participant, Preferences

MEMBER_SIDE = "member"
MODERATORS_SIDE = "moderators"


def can_start(user):
    """May this person start conversations with members (and add people to their own)?"""
    return is_member(user) and not user.is_suspended


def is_applicant(user):
    return MembershipApplication.objects.filter(user=user, status=MembershipApplication.Status.PENDING).exists()


def can_contact_moderators(user):
    """Any member, suspended or not, and anyone whose membership application is pending."""
    return bool(user.is_authenticated and user.is_active and (is_member(user) or is_applicant(user)))


def can_moderate(user):
    return is_moderator(user)


def moderator_refusal(request):
    """What core.permissions answers a moderator page for this request (None when it may go on)."""
    return moderator_required(lambda request: None)(request)


def writing_side(user, conversation, *, is_participant):
    """Who this person writes as here: MEMBER_SIDE, MODERATORS_SIDE, or None when they may not write."""
    if not (user.is_authenticated and user.is_active):
        return None
    if conversation.with_moderators:
        if is_participant:
            return MEMBER_SIDE
        return MODERATORS_SIDE if can_moderate(user) else None
    if is_participant and can_start(user):
        return MEMBER_SIDE
    return None


# --- what a person may see ----------------------------------------------------


def mine(user):
    """The person's current participation rows, as a subquery on conversations."""
    return Participant.objects.filter(conversation=OuterRef("pk"), user=user, left_at__isnull=True)


def visible_conversations(user):
    """Conversations this person may read: their own, plus the moderators' inbox for moderators."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    condition = Q(Exists(mine(user)))
    if can_moderate(user):
        condition |= Q(kind=Conversation.Kind.MODERATORS)
    return Conversation.objects.filter(condition)


def blocked_for(user):
    """A condition on messages: written by someone this person blocked, after the block."""
    return Exists(Block.objects.filter(blocker=user, blocked=OuterRef("author_id"), created__lte=OuterRef("created")))


# --- whom a person may start a conversation with ------------------------------


def member_accounts():
    """Active accounts that hold a role, in SQL, to narrow a search; is_member() decides for each one."""
    User = get_user_model()
    with_role = User.groups.through.objects.filter(group__name__in=roles.ALL).values("user_id")
    return User.objects.filter(Q(pk__in=with_role) | Q(is_superuser=True), is_active=True)


def accepting(starter, queryset=None):
    """Members who accept a new conversation from `starter`: not suspended, not blocking them,
    and their privacy choice allows it. One query, whatever the number of candidates."""
    queryset = member_accounts() if queryset is None else queryset
    shares = Participant.objects.filter(
        user=OuterRef("pk"),
        left_at__isnull=True,
        conversation__kind=Conversation.Kind.MEMBERS,
        conversation__participants__user=starter,
        conversation__participants__left_at__isnull=True,
    )
    choice = Preferences.objects.filter(user=OuterRef("pk")).values("who_can_start")[:1]
    return (
        queryset.exclude(pk=starter.pk)
        .exclude(suspended_until__gt=timezone.now())
        .exclude(Exists(Block.objects.filter(blocker=OuterRef("pk"), blocked=starter)))
        .annotate(who_can_start=Coalesce(Subquery(choice), Value(Preferences.WhoCanStart.ALL)))
        .filter(
            Q(who_can_start=Preferences.WhoCanStart.ALL)
            | Q(who_can_start=Preferences.WhoCanStart.SHARED) & Q(Exists(shares))
        )
    )


def refusals(starter, people):
    """{person: why starter may not start a conversation with them} for each person refused.

    The same words for a privacy choice and a block, so a blocked member is
    never told they are blocked. Roles come from prefetched groups when set.
    """
    people = [p for p in people if p.pk != starter.pk]
    if not people:
        return {}
    allowed = set(accepting(starter).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    refused = {}
    for person in people:
        if person.pk in allowed:
            continue
        name = person.public_name
        if not person.is_active:
            refused[person] = f"{name}'s account is closed."
        elif not is_member(person):
            refused[person] = f"{name} is not a member of the network."
        elif person.is_suspended:
            refused[person] = f"{name} cannot receive messages at the moment."
        else:
            refused[person] = f"{name} is not taking new conversations from you."
    return refused


def find_people(starter, text, *, exclude=(), limit=10):
    """Members whose name or username contains `text` and who accept a conversation from `starter`."""
    text = " ".join((text or "").replace("\x00", "").split())[:100]
    if len(text) < 2:
        return []
    queryset = member_accounts().filter(Q(display_name__icontains=text) | Q(username__icontains=text))
    queryset = accepting(starter, queryset).exclude(pk__in=list(exclude)).prefetch_related("groups")
    people = []
    for user in queryset.order_by("display_name", "username")[: limit * 2]:
        user._role_names = frozenset(group.name for group in user.groups.all())
        if is_member(user):
            people.append(user)
    return people[:limit]


# --- scoped getters -----------------------------------------------------------


class Refused(Exception):  # noqa: N818 - carries the response that refuses
    def __init__(self, response):
        self.response = response


def load_conversation(user, pk, *, queryset=None):
    """The conversation with this person's read position, or None: no check made (see check_conversation).

    Sets .my_participant_id and .my_last_read (None when they are not in it now).
    """
    queryset = Conversation.objects.all() if queryset is None else queryset
    own = mine(user)
    return (
        queryset.annotate(
            my_participant_id=Subquery(own.values("pk")[:1]),
            my_last_read=Subquery(own.values("last_read_number")[:1]),
        )
        .filter(pk=pk)
        .first()
    )


def check_conversation(request, conversation):
    """The loaded conversation (load_conversation), if this person may read it (404 otherwise).

    Sets .is_participant and .as_moderator (a moderator reading the moderators' inbox).
    """
    user = request.user
    if conversation is None:
        raise Http404
    conversation.is_participant = conversation.my_participant_id is not None
    conversation.as_moderator = False
    if not conversation.is_participant:
        if not (conversation.with_moderators and can_moderate(user)):
            raise Http404
        refusal = moderator_refusal(request)
        if refusal is not None:
            raise Refused(refusal)
        conversation.as_moderator = True
    return conversation


def get_conversation(request, pk, *, queryset=None):
    """The conversation, if this person may read it (404 otherwise), with their read position.

    Sets .is_participant, .as_moderator (a moderator reading the moderators'
    inbox), .my_participant_id and .my_last_read (None for a moderator).
    """
    return check_conversation(request, load_conversation(request.user, pk, queryset=queryset))


def get_message(request, pk):
    """A message and its conversation, if this person may read the conversation (404 otherwise)."""
    conversation_id = Message.objects.filter(pk=pk).values_list("conversation_id", flat=True).first()
    if conversation_id is None:
        raise Http404
    conversation = get_conversation(request, conversation_id)
    message = Message.objects.select_related("author").get(pk=pk)
    message.conversation = conversation
    return message
