import pytest
from django.core import mail

from notifications import notify


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """notify() with the on-commit email task run, as it would after a real commit."""

    def _send(recipient, kind="forum.reply", **kwargs):
        kwargs.setdefault("title", "Dr Bob Brown replied to “EPR go-live”")
        kwargs.setdefault("url", "/forum/p/123/")
        with django_capture_on_commit_callbacks(execute=True):
            return notify(recipient, kind, **kwargs)

    mail.outbox.clear()
    return _send
