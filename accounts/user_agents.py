"""A readable name for the device and browser behind a User-Agent string ("Firefox on Windows").

Deliberately small: the sessions page only needs to help someone recognise
their own devices, so a few ordered substring checks do, without a parsing
library to keep up to date. Order matters: Edge and Opera also say "Chrome",
and every Chromium browser says "Safari".
"""

BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("FxiOS", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chromium", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("Trident/", "Internet Explorer"),
]

SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def _first(user_agent, table):
    return next((name for marker, name in table if marker in user_agent), None)


def describe(user_agent):
    """'Chrome on Android', 'Safari on iPhone', 'Firefox', or 'Unknown browser'."""
    user_agent = str(user_agent or "")[:1000]
    browser, system = _first(user_agent, BROWSERS), _first(user_agent, SYSTEMS)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    if system:
        return f"A browser on {system}"
    return "Unknown browser"
