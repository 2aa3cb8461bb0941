"""In-site notifications and their emails, for every app.

    from notifications import notify
    notify(recipient, "forum.reply", title='replied to "Subject"', url="/forum/p/1/", actor=author, body="...")

When a person caused it, pass them as `actor` and leave their name out of the
title: it is shown as "<their name now> <title>" ("Former member" once they
are erased), in the list, emails and digests alike.

The import stays lazy so that apps can import `notify` at module level before
the app registry is ready.
"""


def notify(recipient, kind, *, title, url, actor=None, body=""):
    from notifications.services import notify as _notify

    return _notify(recipient, kind, title=title, url=url, actor=actor, body=body)


__all__ = ["notify"]
