"""An editor drafts, previews and schedules an article; it appears by itself at its time. Axe on article pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from editorial.models import Status
from tests.editorial.helpers import image_upload
from tests.factories import ArticleFactory, MemberFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_drafts_previews_and_schedules_an_article(
    page, context, live_server, login_as, ed, settings, check_accessibility
):
    settings.EDITORIAL_ALLOW_SELF_APPROVAL = True
    TopicFactory(name="Clinical engagement")
    login_as(ed)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Editor area").click()
    check_accessibility(page)
    page.get_by_role("link", name="New article").click()
    check_accessibility(page)
    page.get_by_label("Title").fill("Ward rounds with the digital team")
    page.get_by_label("Standfirst").fill("What happened when developers joined the ward round.")
    page.get_by_label("Body").fill("## Day one\n\nThey brought **coffee**.")
    page.get_by_label("Clinical engagement").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("workflow-status")).to_have_text("Draft")
    check_accessibility(page)

    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward rounds with the digital team")
    expect(page.get_by_text("Preview.")).to_be_visible()
    expect(page.locator(".prose strong")).to_have_text("coffee")
    page.go_back()

    page.get_by_role("button", name="Submit for review").click()
    page.get_by_role("button", name="Approve").click()
    when = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    page.get_by_label("Publish at (UK time)").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_test_id("workflow-status")).to_have_text("Scheduled")
    page.get_by_role("link", name="History").first.click()
    check_accessibility(page)
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.get_by_role("heading", name="Compare revisions")).to_be_visible()
    check_accessibility(page)

    # Readers cannot see it yet.
    context.clear_cookies()
    article = Article.objects.get()
    assert article.status == Status.SCHEDULED
    page.goto(live_server.url + "/articles/")
    expect(page.get_by_text("Ward rounds with the digital team")).to_have_count(0)
    response = page.goto(live_server.url + article.get_absolute_url())
    assert response.status == 404
    assert "Ward rounds" not in page.request.get(live_server.url + "/articles/feed/").text()

    # Time passes: the publish time is now in the past, and it appears by itself.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(minutes=1))
    cache.clear()  # the update stands in for the clock reaching publish_at, when cached pages expire
    page.goto(live_server.url + "/articles/")
    page.get_by_role("link", name="Ward rounds with the digital team").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward rounds with the digital team")
    assert "Ward rounds with the digital team" in page.request.get(live_server.url + "/articles/feed/").text()


@pytest.fixture
def published_articles(db):
    topic = TopicFactory(name="Quality")
    author = MemberFactory(display_name="Dr Priya Shah")
    featured = ArticleFactory(
        title="Featured: measuring quality",
        featured=True,
        topics=[topic],
        authors=[author],
        hero_image=image_upload(),
        hero_alt="A ward computer",
        hero_caption="Photo: CCIO Network",
        body="## Findings\n\n- one\n- two\n\n> A quote\n\n[A link](https://example.org)",
    )
    for i in range(4):
        ArticleFactory(title=f"Quality article {i}", topics=[topic], authors=[author])
    return featured


@pytest.mark.parametrize("who", ["visitor", "alice"])
def test_article_pages_are_accessible(
    page, live_server, check_accessibility, login_as, published_articles, who, request
):
    if who == "alice":
        login_as(request.getfixturevalue("alice"))
    page.goto(live_server.url + "/articles/")
    check_accessibility(page)
    page.goto(live_server.url + published_articles.get_absolute_url())
    check_accessibility(page)


def test_a_withdrawn_article_says_so(page, live_server, ed, check_accessibility):
    from editorial import services

    article = services.withdraw(item=ArticleFactory(title="A piece we pulled", slug="pulled-piece"), by=ed)
    response = page.goto(live_server.url + article.get_absolute_url())
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This article has been withdrawn")
    check_accessibility(page)
    page.get_by_role("link", name="Read other articles").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
