"""The home page is made of sections that each app provides.

Each entry names a function taking the request and returning a dict with a
"template" key (a partial that renders the section) and its context, or None
when the section has nothing to show. Order here is order on the page. A
section whose content changes by the clock alone (a scheduled article going
live, an event ending) says when in "changes_at", so that the visitor page
cache keeps the page no longer than that.

Sections are the same for everyone with the same forum reading scope (they
show published content and the topics that scope may read), so the rendered
sections are kept until content changes or one changes by the clock, for
members as for visitors. A section that shows something personal (a survey
the member has not answered) goes in PERSONAL_SECTION_PROVIDERS instead: those
are rendered on every view, above the shared ones.
"""

from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from core.content_cache import cached_until_changed
from forum import access as forum_access

HOME_SECTION_PROVIDERS = [
    "articles.home.section",
    "profiles.home.section",
    "events.home.upcoming_events",
    "resources.home.section",
    "forum.home.section",
]


PERSONAL_SECTION_PROVIDERS = [
    "surveys.home.section",
]


def changes_at(sections):
    """The earliest moment any section changes by itself, or None."""
    moments = [s["changes_at"] for s in sections if s.get("changes_at")]
    return min(moments, default=None)


def home_sections(request, providers=HOME_SECTION_PROVIDERS):
    sections = []
    for path in providers:
        section = import_string(path)(request)
        if section:
            sections.append(section)
    return sections


def _render(sections):
    return mark_safe("".join(render_to_string(section["template"], {"section": section}) for section in sections))


def rendered_home_sections(request):
    """(HTML of every section, when the shared ones change by the clock).

    The personal sections are rendered for this person; the others are shared by
    everyone with the same reading scope.
    """

    def build():
        sections = home_sections(request)
        return _render(sections), changes_at(sections)

    shared, changes = cached_until_changed("home-sections", [forum_access.reading_scope(request.user)], build)
    return _render(home_sections(request, PERSONAL_SECTION_PROVIDERS)) + shared, changes
