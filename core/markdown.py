"""Markdown rendering shared by every app.

CommonMark (markdown-it-py) with raw HTML off, then an allow-list sanitiser
(nh3) as a second wall. Apps store the result beside the source and never
render per request.

The cost of parsing is bounded before parsing (LIMITS). markdown-it-py's
passes are linear in the number of constructs, but some constructs cost far
more than plain text: every "[" starts a search for the end of a link label
that runs every inline rule on the text after it, up to 20 levels deep (about
20 rule runs per bracket), so a body of 100,000 "[" took 3 to 4 seconds of
CPU; list items, table cells and emphasis marks cost tens of microseconds
each. A body with more of any of them than LIMITS allows is refused by
`validate_markdown` (forms and previews, with a message saying which), and
`render_markdown` shows such a body as plain text instead of parsing it, so
nothing that reaches it another way can cost more.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "code": {"class"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener"
_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")

_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def is_external(href):
    parts = urlsplit(href)
    if parts.scheme == "mailto" or (not parts.scheme and not parts.netloc):
        return False
    return parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()


def _mark_external_links(tokens):
    for token in tokens:
        if token.children:
            _mark_external_links(token.children)
        if token.type == "link_open" and is_external(token.attrGet("href") or ""):
            token.attrSet("rel", EXTERNAL_REL)
        elif token.type in {"th_open", "td_open"}:
            # Alignment comes as an inline style, which our CSP would block anyway.
            token.attrs.pop("style", None)


def _keep_safe_attribute(element, attribute, value):
    if attribute == "class":
        return value if _CODE_CLASS.match(value) else None
    if attribute == "rel":
        return value if value == EXTERNAL_REL else None
    return value


_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)", re.M)

# (what, how many at most, how to count them in a source). Each limit keeps its
# construct's share of the parse well under a tenth of a second.
LIMITS = (
    ("square brackets", 2_000, lambda text: text.count("[")),
    ("list items", 2_000, lambda text: len(_LIST_ITEM.findall(text))),
    ("table cell separators (|)", 5_000, lambda text: text.count("|")),
    ("emphasis marks (*, _ and ~)", 5_000, lambda text: text.count("*") + text.count("_") + text.count("~")),
    ("lines", 10_000, lambda text: text.count("\n") + 1),
)


# Several constructs near their limits add up: their shares of the limits may add up to this.
COMBINED_LIMIT = 2.0


def complexity_problem(source):
    """A sentence saying why this markdown is too costly to format, or None when it is fine."""
    text = source or ""
    counts = [(what, limit, count(text)) for what, limit, count in LIMITS]
    for what, limit, found in counts:
        if found > limit:
            return (
                f"This text has {found:,} {what}; the most we can format is {limit:,}. "
                "Please simplify it or split it into several parts."
            )
    if sum(found / limit for _, limit, found in counts) > COMBINED_LIMIT:
        listed = ", ".join(f"{found:,} {what}" for what, _, found in counts if found)
        return (
            f"This text has too much formatting for us to format at once ({listed}). "
            "Please simplify it or split it into several parts."
        )
    return None


def validate_markdown(source):
    """Raise ValidationError when a body is too costly to format (for forms and previews)."""
    problem = complexity_problem(source)
    if problem:
        raise ValidationError(problem, code="too_complex")


def render_markdown(source):
    """Return sanitised HTML for a markdown string.

    A body past LIMITS (which forms refuse) is shown as escaped plain text
    rather than parsed, so rendering never costs more than the limits allow.
    """
    if complexity_problem(source):
        return linebreaks(escape(source))
    tokens = _parser.parse(source or "")
    _mark_external_links(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_safe_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def excerpt(source, length=200):
    """A short plain-text excerpt of a markdown source (for notifications and feeds)."""
    text = re.sub(r"[>*_`#\[\]]", "", source or "")
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
