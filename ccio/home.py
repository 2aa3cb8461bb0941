"""The home page is made of sections that each app provides.

Each entry names a function taking the request and returning a dict with a
"template" key (a partial that renders the section) and its context, or None
when the section has nothing to show. Order here is order on the page. A
section whose content changes by the clock alone (a scheduled article going
live, an event ending) says when in "changes_at", so that the visitor page
cache keeps the page no longer than that.
"""

from django.utils.module_loading import import_string

HOME_SECTION_PROVIDERS = [
    "articles.home.section",
    "surveys.home.section",
    "profiles.home.section",
    "events.home.upcoming_events",
    "resources.home.section",
    "forum.home.section",
]


def changes_at(sections):
    """The earliest moment any section changes by itself, or None."""
    moments = [s["changes_at"] for s in sections if s.get("changes_at")]
    return min(moments, default=None)


def home_sections(request):
    sections = []
    for path in HOME_SECTION_PROVIDERS:
        section = import_string(path)(request)
        if section:
            sections.append(section)
    return sections
