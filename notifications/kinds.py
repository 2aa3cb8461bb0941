"""The kinds of notification, each with a label and a default email frequency.

Apps notify through `notifications.notify(recipient, "<kind>", ...)`; a kind
must be registered here so that members can choose how they hear about it.
"""

from collections.abc import Callable
from dataclasses import dataclass

IMMEDIATE = "immediate"
DAILY = "daily"
NEVER = "never"

FREQUENCY_CHOICES = [
    (IMMEDIATE, "Email me straight away"),
    (DAILY, "Daily digest email"),
    (NEVER, "No email (on the site only)"),
]
FREQUENCIES = {code for code, _ in FREQUENCY_CHOICES}


def editors(user):
    return user.is_editor


def moderators(user):
    from core.permissions import is_moderator  # lazily: this module is imported while models load

    return is_moderator(user)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default: str = IMMEDIATE
    # Who can receive it, and so is offered the preference: None for everyone.
    audience: Callable | None = None
    # Private correspondence (title and excerpt quote a private message): kept out of the admin.
    private: bool = False

    @property
    def group(self):
        return self.code.split(".", 1)[0]

    def offered_to(self, user):
        return self.audience is None or self.audience(user)


_KINDS = [
    Kind("forum.reply", "Replies to topics you take part in or watch"),
    Kind("forum.mention", "Someone mentions you in the forum"),
    Kind("forum.reaction", "Reactions to your posts", DAILY),
    Kind("forum.accepted", "Your answer is accepted"),
    Kind("forum.moderation", "Moderators act on your posts"),
    Kind("events.registered", "You register for an event"),
    Kind("events.waitlisted", "You join an event's waiting list"),
    Kind("events.promoted", "You get a place from a waiting list"),
    Kind("events.changed", "An event you registered for changes"),
    Kind("events.cancelled", "An event you registered for is cancelled"),
    Kind("events.reminder", "Reminders before your events"),
    Kind("events.message", "Messages from event organisers"),
    Kind("events.cancelled_by_you", "You cancel your place at an event"),
    Kind("accounts.membership", "Your membership application and role"),
    Kind("accounts.application", "Someone applies to join the network", audience=moderators),
    Kind("editorial.review", "Items sent for review", audience=editors),
    Kind("editorial.decision", "Another editor approves or sends back your item", audience=editors),
    Kind("messaging.message", "Private messages and conversations you are added to", private=True),
    Kind("messaging.moderation", "Moderators act on a message you sent", private=True),
    Kind("messaging.moderators", "Members write to the moderators", audience=moderators, private=True),
    Kind("surveys.opened", "A survey opens for you to answer"),
    Kind("surveys.reminder", "A reminder before a survey you have not answered closes"),
    Kind("surveys.results", "Results of a survey are published"),
    Kind("pages.contact", "Someone writes through the contact form", audience=moderators),
]

KINDS = {kind.code: kind for kind in _KINDS}

GROUP_LABELS = {
    "forum": "Forum",
    "events": "Events",
    "accounts": "Membership",
    "editorial": "Editorial",
    "messaging": "Private messages",
    "surveys": "Surveys",
    "pages": "Contact form",
}


def get_kind(code):
    """The registered Kind for a code; an unknown code is a programming error."""
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}: register it in notifications/kinds.py") from None


def kind_choices():
    return [(kind.code, kind.label) for kind in _KINDS]


def all_kinds():
    return list(_KINDS)


def private_codes():
    """Kinds whose notifications quote private correspondence."""
    return [kind.code for kind in _KINDS if kind.private]


def offered_to(user):
    """The kinds this person can receive, so can choose how to hear about: editors' kinds for editors only."""
    return [kind for kind in _KINDS if kind.offered_to(user)]
