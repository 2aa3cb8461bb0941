"""Markdown rendering shared by every app.

CommonMark (markdown-it-py) with raw HTML off, then an allow-list sanitiser
(nh3) as a second wall. Apps store the result beside the source and never
render per request.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
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


def render_markdown(source):
    """Return sanitised HTML for a markdown string."""
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
