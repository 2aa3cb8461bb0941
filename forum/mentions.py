"""Who a writer may @mention in a topic: the members who can read it (moderators only, for a hidden
topic), as suggestions for the composer's autocomplete. Mentions of anyone else notify nobody."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts import roles
from accounts.models import ERASED_USERNAME_PREFIX
from forum.rendering import MENTION_RE

MAX_SUGGESTIONS = 8


def _typed(text):
    """What was typed after the @, or "" when it cannot start a username."""
    text = (text or "").replace("\x00", "").strip().lstrip("@")[:30]
    return text if text and text[0].isascii() and text[0].isalnum() else ""


def mention_suggestions(writer, text, *, topic=None, limit=MAX_SUGGESTIONS):
    """Members whose username starts with `text` or whose name contains it, who can read `topic`.

    One query, whatever the number of members.
    """
    typed = _typed(text)
    if not typed:
        return []
    User = get_user_model()
    if topic is not None and topic.hidden:
        readers = User.objects.with_role(roles.MODERATORS)
    else:
        with_role = User.groups.through.objects.filter(group__name__in=roles.ALL).values("user_id")
        readers = User.objects.filter(Q(pk__in=with_role) | Q(is_superuser=True), is_active=True)
    people = (
        readers.filter(Q(username__istartswith=typed) | Q(display_name__icontains=typed))
        .exclude(pk=writer.pk)
        .exclude(username__startswith=ERASED_USERNAME_PREFIX)
        .order_by("username")
        .only("username", "display_name", "is_active")
    )
    suggestions = []
    for person in people[: limit * 2]:
        if MENTION_RE.fullmatch(f"@{person.username}"):
            suggestions.append({"username": person.username, "name": person.public_name})
        if len(suggestions) == limit:
            break
    return suggestions
