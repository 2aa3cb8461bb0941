"""The kinds of notification, each with a label and a default email frequency.

Apps notify through `notifications.notify(recipient, "<kind>", ...)`; a kind
must be registered here so that members can choose how they hear about it.
"""

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


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default: str = IMMEDIATE

    @property
    def group(self):
        return self.code.split(".", 1)[0]


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
    Kind("accounts.membership", "Your membership application and role"),
]

KINDS = {kind.code: kind for kind in _KINDS}

GROUP_LABELS = {"forum": "Forum", "events": "Events", "accounts": "Your account"}


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
