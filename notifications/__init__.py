"""In-site notifications and their emails, for every app.

    from notifications import notify
    notify(recipient, "forum.reply", title='replied to "Subject"', url="/forum/p/1/", actor=author, body="...")

When a person caused it, pass them as `actor` and leave their name out of the
title: it is shown as "<their name now> <title>" ("Former member" once they
are erased), in the list, emails and digests alike.

    from notifications import send_email
    send_email(address, subject="...", body="...", purpose=f"contact-ack:{message.pk}")

Every email goes through the outbox (notifications/outbox.py): recorded in
the caller's transaction, sent by the worker with retries, once per purpose.
The imports stay lazy so that apps can import these at module level before
the app registry is ready.
"""


def notify(recipient, kind, *, title, url, actor=None, body=""):
    from notifications.services import notify as _notify

    return _notify(recipient, kind, title=title, url=url, actor=actor, body=body)


def notify_many(recipients, kind, *, title, url, actor=None, body=""):
    """notify() for many recipients in a constant number of queries (see notifications.services)."""
    from notifications.services import notify_many as _notify_many

    return _notify_many(recipients, kind, title=title, url=url, actor=actor, body=body)


def send_email(to, *, subject, body, html="", purpose):
    from notifications.services import send_email as _send_email

    return _send_email(to, subject=subject, body=body, html=html, purpose=purpose)


__all__ = ["notify", "notify_many", "send_email"]
