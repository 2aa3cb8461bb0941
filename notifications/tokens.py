"""Signed unsubscribe tokens: recipient id + kind, so links work without signing in."""

from django.core import signing

SALT = "notifications.unsubscribe.v1"
# A pseudo-kind for the daily digest email, which covers several kinds.
DIGEST = "digest"
# A pseudo-kind for the weekly summary email: stopping it withdraws the consent to it, and records that.
WEEKLY_SUMMARY = "weekly-summary"


def make_unsubscribe_token(user, kind):
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token):
    """(user_id, kind), or None for a tampered or malformed token."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
