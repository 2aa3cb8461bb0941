from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core.markdown import ALLOWED_TAGS, render_markdown

# Each of these must come out with no live script, handler, frame, style or
# dangerous URL, whatever markdown or HTML trick it uses.
HOSTILE_INPUTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=p></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href='https://evil.example/'>",
    '<details open ontoggle="alert(1)">x</details>',
    "<body onload=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](javas\u0000cript:alert(1))",
    "[x](\u202ejavascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "```\n</code><script>alert(1)</script>\n```",
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "<!-- <script>alert(1)</script> -->",
    '<a href="https://example.org" target="_blank" rel="opener">x</a>',
    '```js" onmouseover="alert(1)\nx\n```',
]


class _Elements(HTMLParser):
    """Collects the real elements and attributes of rendered HTML."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_there_are_at_least_thirty_hostile_inputs():
    assert len(HOSTILE_INPUTS) >= 30


@pytest.mark.parametrize("source", HOSTILE_INPUTS)
def test_hostile_input_is_neutralised(source):
    html = render_markdown(source)
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "src", "target"}, html
            if name == "href":
                # A browser only runs a URL whose scheme it recognises; anything else is a relative path.
                assert urlsplit(value).scheme in {"", "http", "https", "mailto"}, html
                assert not value.strip().lower().startswith(("javascript", "vbscript", "data")), html
            if name == "rel":
                assert value == "nofollow noopener", html


def test_markdown_features_survive():
    html = render_markdown(
        "# Heading\n\n**bold** and *italic* and `code`\n\n- one\n- two\n\n1. first\n\n"
        "> quoted\n\n```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~"
    )
    for fragment in [
        "<h1>Heading</h1>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        "<code>code</code>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        '<code class="language-python">',
        "<table>",
        "<td>1</td>",
        "<s>old</s>",
    ]:
        assert fragment in html


def test_external_links_get_nofollow_noopener():
    html = render_markdown("[NHS](https://www.england.nhs.uk/digitaltechnology/)")
    assert 'href="https://www.england.nhs.uk/digitaltechnology/"' in html
    assert 'rel="nofollow noopener"' in html


def test_internal_and_mailto_links_have_no_nofollow(settings):
    settings.SITE_URL = "https://ccio.example"
    html = render_markdown("[forum](/forum/) [us](https://ccio.example/events/) [mail](mailto:hello@nhs.net)")
    assert 'href="/forum/"' in html
    assert 'href="mailto:hello@nhs.net"' in html
    assert "nofollow" not in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown("<b>not bold</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_empty_and_none_render_to_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
