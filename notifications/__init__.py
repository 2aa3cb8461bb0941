"""In-site notifications and their emails, for every app.

    from notifications import notify
    notify(recipient, "forum.reply", title="...", url="/forum/p/1/", actor=author, body="...")

The import stays lazy so that apps can import `notify` at module level before
the app registry is ready.
"""


def notify(recipient, kind, *, title, url, actor=None, body=""):
    from notifications.services import notify as _notify

    return _notify(recipient, kind, title=title, url=url, actor=actor, body=body)


__all__ = ["notify"]
