def unread_in_header(page):
    """The header's Messages link: its unread count as the page says it (0 when none)."""
    link = page.split('data-testid="header-messages"', 1)[1].split("</a>", 1)[0]
    if "unread" not in link:
        return 0
    return int(link.split('<span class="visually-hidden">Messages, ', 1)[1].split(" unread", 1)[0])
