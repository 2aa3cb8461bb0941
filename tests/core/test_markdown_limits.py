"""The cost of formatting markdown is bounded, and members' previews are rate limited.

"[" * 99990 cost seconds of CPU per preview or save: each bracket starts a
link-label search that runs every inline rule over the rest of the text. A
body with more of any costly construct than core.markdown.LIMITS allows is
refused with a sentence saying which (forms, previews), and the renderer
never parses one (it shows it as plain text).
"""

import pytest

from core import markdown
from core.markdown import LIMITS, complexity_problem, render_markdown, validate_markdown
from forum.models import Post
from tests.factories import ArticleFactory, make_topic

PATHOLOGICAL = {
    "square brackets": "[" * 99_990,
    "image brackets": "![" * 49_990,
    "link labels over lines": "[a\n" * 30_000,
    "list items": "- a\n  - b\n" * 5_000,
    "table cell separators (|)": "|a|b|\n|-|-|\n" + "|a|b|\n" * 4_000,
    "emphasis marks (*, _ and ~)": "*a_" * 20_000,
    "lines": "a\n" * 50_000,
}


@pytest.fixture
def topic(alice, members_cat):
    return make_topic(author=alice, category=members_cat, title="Limits", body="A first post.")


@pytest.fixture
def parses(monkeypatch):
    """Count the times markdown-it parses something."""
    calls = []
    original = markdown._parser.parse

    def counting(source, *args, **kwargs):
        calls.append(len(source))
        return original(source, *args, **kwargs)

    monkeypatch.setattr(markdown._parser, "parse", counting)
    return calls


@pytest.mark.parametrize("case", PATHOLOGICAL)
def test_pathological_bodies_are_refused_with_a_reason_and_never_parsed(case, parses):
    source = PATHOLOGICAL[case]
    problem = complexity_problem(source)
    assert problem and "the most we can format is" in problem
    html = render_markdown(source)
    assert parses == []  # shown as plain text, not parsed
    assert "<a" not in html and html.startswith("<p>")


@pytest.mark.parametrize(("what", "limit", "count"), LIMITS, ids=[limit[0] for limit in LIMITS])
def test_each_limit_allows_up_to_it_and_refuses_one_more(what, limit, count):
    samples = {
        "square brackets": lambda n: "[" * n,
        "list items": lambda n: "- a\n" * n,
        "table cell separators (|)": lambda n: "|" * n,
        "emphasis marks (*, _ and ~)": lambda n: "*" * n,
        "lines": lambda n: "a\n" * (n - 1),
    }
    make = samples[what]
    assert count(make(limit)) == limit and complexity_problem(make(limit)) is None
    assert what in complexity_problem(make(limit + 1))
    with pytest.raises(Exception, match="Please simplify it"):
        validate_markdown(make(limit + 1))


def test_constructs_near_their_limits_together_are_refused():
    source = "[" * 1_500 + "\n" + "- a\n" * 1_500 + "*" * 4_000
    assert "too much formatting" in complexity_problem(source)
    assert "1,500 square brackets" in complexity_problem(source)


def test_ordinary_long_texts_are_well_within_the_limits():
    article = (
        "## A heading\n\nSome **bold** and _italic_ text with a [link](https://example.org).\n\n- one\n- two\n\n"
    ) * 400
    assert complexity_problem(article) is None
    assert "<h2>" in render_markdown(article)


# --- where members type --------------------------------------------------------


def test_a_forum_post_too_costly_to_format_is_refused_and_kept(alice_client, topic, parses):
    body = "[" * 99_990
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": body})
    assert response.status_code == 200
    content = response.content.decode()
    assert "This text has 99,990 square brackets; the most we can format is 2,000." in content
    assert body in content  # what they typed is kept
    assert Post.objects.filter(topic=topic).count() == 1
    assert parses == []


def test_the_live_preview_refuses_it_without_parsing(alice_client, parses):
    response = alice_client.post("/forum/preview/", {"body": "![" * 49_990}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "square brackets" in response.content.decode()
    assert parses == []


def test_the_preview_button_refuses_it_too(alice_client, topic, parses):
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "*a_" * 20_000, "preview": "1"})
    assert "emphasis marks" in response.content.decode()
    assert parses == []


def test_an_article_body_too_costly_to_format_is_refused(ed_client, parses):
    article = ArticleFactory(status="draft")
    response = ed_client.post(
        f"/editor/articles/{article.pk}/edit/",
        {"title": "T", "slug": article.slug, "standfirst": "S", "body": "[" * 5_000, "seo_description": ""},
    )
    assert response.status_code in (200, 400)
    assert "5,000 square brackets" in response.content.decode()
    article.refresh_from_db()
    assert "[[[" not in article.body


# --- previews are rate limited per member ----------------------------------------


def test_previews_are_rate_limited_per_member(alice_client, bob_client, topic, settings, parses):
    settings.FORUM_PREVIEWS_PER_MINUTE = 3
    for _ in range(3):
        response = alice_client.post("/forum/preview/", {"body": "**Hello**"}, HTTP_HX_REQUEST="true")
        assert "<strong>Hello</strong>" in response.content.decode()
    assert len(parses) == 3
    response = alice_client.post("/forum/preview/", {"body": "**Hello**"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Preview paused" in response.content.decode()
    assert alice_client.post("/forum/preview/", {"body": "**Hello**"}).status_code == 429
    # The Preview button counts too, and keeps what was typed.
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Still typing", "preview": "1"})
    assert "Preview paused" in response.content.decode() and "Still typing" in response.content.decode()
    assert len(parses) == 3
    # Other members are not affected.
    assert "<strong>Hi</strong>" in bob_client.post("/forum/preview/", {"body": "**Hi**"}).content.decode()


def test_visitors_and_suspended_members_get_no_preview(visitor_client, sam_client):
    assert visitor_client.post("/forum/preview/", {"body": "x"}).status_code == 403
    assert sam_client.post("/forum/preview/", {"body": "x"}).status_code == 403
