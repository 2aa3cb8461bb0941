"""Pages editors keep: served at the top of the site, in the one editorial workflow."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from editorial import registry
from editorial import services as editorial
from pages.content import PAGES
from pages.models import Page
from tests import factories

pytestmark = pytest.mark.django_db

SLUGS = ["about", "advisory-panel", "code-of-conduct", "privacy", "accessibility", "cookies"]
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


def _form(**overrides):
    data = {
        "title": "Governance",
        "slug": "governance",
        "summary": "How the network is run.",
        "body": "## Trustees\n\nThe network has **five** trustees.",
        "last_reviewed": "2026-12-01",
    }
    return data | overrides


def test_pages_are_registered_with_the_one_workflow():
    entry = registry.get("pages.page")
    assert entry.model is Page
    assert entry.create_url() == "/editor/pages/new/"


def test_the_migration_publishes_each_page_with_its_first_revision():
    assert sorted(Page.objects.published().values_list("slug", flat=True)) == sorted(SLUGS)
    for page in Page.objects.all():
        assert page.history.count() == 1
        assert page.body_html.startswith("<")


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_answers_at_the_top_of_the_site_for_visitors(client, slug):
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{PAGES[slug][0]}</h1>" in content
    assert 'data-testid="footer-links"' in content


def test_the_privacy_notice_links_the_export_and_the_erasure(client):
    content = client.get("/privacy/").content.decode()
    assert 'href="/account/export/"' in content and 'href="/account/delete/"' in content
    for enforcing in ("manage.py outbox --prune 30", "manage.py prune_contact_messages", "SESSION_COOKIE_AGE"):
        assert enforcing in content


def test_the_accessibility_statement_has_govuk_sections(client):
    content = client.get("/accessibility/").content.decode()
    for heading in (
        "How accessible this website is",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in content
    assert "WCAG 2.2" in content or "version 2.2" in content
    assert "Last reviewed" in content


def test_seed_demo_creates_only_missing_pages():
    Page.objects.filter(slug="cookies").delete()
    from pages import demo

    out = type("Out", (), {"write": lambda self, text: None})()
    demo.seed(out)
    demo.seed(out)
    assert Page.objects.filter(slug="cookies").count() == 1
    assert Page.objects.count() == len(SLUGS)


def test_the_footer_is_on_every_page_and_costs_no_query(client, django_assert_num_queries):
    response = client.get("/")
    for href in ("/about/", "/advisory-panel/", "/code-of-conduct/", "/contact/", "/privacy/", "/accessibility/"):
        assert f'href="{href}"' in response.content.decode()
    assert 'rel="icon"' in response.content.decode()
    assert client.get("/forum/").content.decode().count('data-testid="footer-links"') == 1


def test_unknown_and_reserved_addresses_answer_404(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/forum/").status_code == 200  # other parts of the site are not hidden


# --- the advisory panel, live from CCIO profiles --------------------------------


def test_the_advisory_panel_lists_published_panel_profiles_chair_first(client):
    factories.CCIOProfileFactory(name="Dr Aaron Able", slug="able", advisory_panel=True)
    factories.CCIOProfileFactory(name="Dr Zara Chair", slug="chair", advisory_panel=True, panel_chair=True)
    factories.CCIOProfileFactory(name="Dr Not Panel", slug="not-panel")
    draft = factories.CCIOProfileFactory(name="Dr Draft Panel", slug="draft-panel", advisory_panel=True)
    draft.status = "draft"
    draft.save()
    content = client.get("/advisory-panel/").content.decode()
    assert content.index("Dr Zara Chair") < content.index("Dr Aaron Able")
    assert "Dr Not Panel" not in content and "Dr Draft Panel" not in content
    assert content.count('data-testid="panel-member"') == 2


def test_the_panel_costs_the_same_queries_for_2_and_20_members(client, django_assert_max_num_queries):
    for n in range(2):
        factories.CCIOProfileFactory(name=f"Dr Panel {n}", slug=f"panel-{n}", advisory_panel=True)
    with django_assert_max_num_queries(4) as few:
        client.get("/advisory-panel/")
    for n in range(2, 20):
        factories.CCIOProfileFactory(name=f"Dr Panel {n}", slug=f"panel-{n}", advisory_panel=True)
    with django_assert_max_num_queries(4) as many:
        assert client.get("/advisory-panel/").content.decode().count('data-testid="panel-member"') == 20
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the workflow -----------------------------------------------------------------


def test_an_editor_writes_a_page_that_readers_see_only_once_published(ed_client, ed, client, staff):
    response = ed_client.post("/editor/pages/new/", _form())
    assert response.status_code == 302
    page = Page.objects.get(slug="governance")
    assert page.status == "draft" and page.created_by == ed
    assert "<strong>five</strong>" in page.body_html
    assert client.get("/governance/").status_code == 404
    assert ed_client.get("/governance/").status_code == 200  # editors see it, with the status banner
    preview = ed_client.get(page.get_preview_url())
    assert preview.status_code == 200 and b"Preview." in preview.content
    editorial.submit(item=page, by=ed)
    other = factories.EditorFactory()
    editorial.approve(item=page, by=other)
    editorial.publish(item=page, by=other)
    assert client.get("/governance/").status_code == 200


def test_history_compares_and_restores_a_page(ed_client, ed):
    ed_client.post("/editor/pages/new/", _form())
    page = Page.objects.get(slug="governance")
    ed_client.post(f"/editor/pages/{page.pk}/edit/", _form(body="Rewritten."))
    page.refresh_from_db()
    assert page.body == "Rewritten."
    old, new = page.history.order_by("history_id").values_list("history_id", flat=True)[:2]
    label = Page.editorial_label()
    compare = ed_client.get(f"/editor/{label}/{page.pk}/history/compare/?old={old}&new={new}")
    assert compare.status_code == 200 and b"Rewritten." in compare.content
    assert ed_client.get(f"/editor/{label}/{page.pk}/history/").status_code == 200
    response = ed_client.post(f"/editor/{label}/{page.pk}/history/{old}/restore/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert "five" in page.body and page.status == "draft"


def test_a_withdrawn_page_that_was_live_answers_410(client, ed):
    page = Page.objects.get(slug="cookies")
    page.publish_at = timezone.now() - dt.timedelta(days=1)
    page.save()
    editorial.withdraw(item=page, by=ed)
    assert client.get("/cookies/").status_code == 410


@pytest.mark.parametrize(
    ("who", "expected"),
    [("visitor", "login"), ("alice", 403), ("mo", 403), ("ed", 200)],
)
def test_role_matrix_for_the_page_editor(who, expected, client, alice_client, mo_client, ed_client):
    clients = {"visitor": client, "alice": alice_client, "mo": mo_client, "ed": ed_client}
    page = Page.objects.get(slug="about")
    label = Page.editorial_label()
    urls = [
        "/editor/pages/new/",
        f"/editor/pages/{page.pk}/edit/",
        f"/editor/{label}/{page.pk}/",
        f"/editor/{label}/{page.pk}/preview/",
        f"/editor/{label}/{page.pk}/history/",
    ]
    for url in urls:
        response = clients[who].get(url)
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == expected, url
    before = Page.objects.count()
    response = clients[who].post("/editor/pages/new/", _form())
    assert Page.objects.count() == before + (1 if who == "ed" else 0)
    response = clients[who].post(f"/editor/pages/{page.pk}/edit/", _form(slug="about", title="Changed"))
    page.refresh_from_db()
    assert (page.title == "Changed") is (who == "ed")
    response = clients[who].post(f"/editor/{label}/{page.pk}/withdraw/")
    page.refresh_from_db()
    assert (page.status == "withdrawn") is (who == "ed")
    assert response.status_code in (302, 403)


# --- hostile input in every field ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required"),
        ("title", "x" * 121, "at most 120 characters"),
        ("title", "Nul\x00byte", "Null characters are not allowed"),
        ("slug", "", "This field is required"),
        ("slug", "privacy", "already exists"),
        ("slug", "forum", "another part of the site"),
        ("slug", "search", "another part of the site"),
        ("slug", "Bad Slug!", "letters"),
        ("slug", "s" * 61, "at most 60 characters"),
        ("summary", "", "This field is required"),
        ("summary", "x" * 201, "at most 200 characters"),
        ("summary", "Nul\x00byte", "Null characters are not allowed"),
        ("body", "", "This field is required"),
        ("body", "x" * 60_001, "at most 60000 characters"),
        ("body", "Nul\x00byte", "Null characters are not allowed"),
        ("body", "[" * 5000, "["),
        ("last_reviewed", "31/02/2026", "Enter a valid date"),
        ("last_reviewed", "99999-01-01", "Enter a valid date"),
    ],
)
def test_hostile_page_fields_are_refused_and_what_was_typed_is_kept(ed_client, field, value, message):
    before = Page.objects.count()
    response = ed_client.post("/editor/pages/new/", _form(**{field: value}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content and "<title>Error:" in content
    assert message in content
    assert Page.objects.count() == before
    assert "How the network is run." in content or field == "summary"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_in_every_page_field_is_shown_as_text(ed_client, client, ed, hostile):
    ed_client.post("/editor/pages/new/", _form(title=hostile, summary=hostile, body=hostile))
    page = Page.objects.get(slug="governance")
    page.status, page.publish_at = "published", timezone.now()
    page.save()
    content = client.get("/governance/").content.decode().lower()
    assert "<script>alert" not in content
    assert "<img src=x" not in content and '<img src="x"' not in content
    assert 'href="javascript:' not in content
    assert "<svg onload" not in content


def test_the_prune_command_forgets_only_handled_messages_older_than_asked(mo):
    from pages.models import ContactMessage

    def message(n, handled_days_ago):
        handled = timezone.now() - dt.timedelta(days=handled_days_ago) if handled_days_ago is not None else None
        return ContactMessage.objects.create(
            name="A", email="a@example.org", topic="other", message=f"m{n}", fingerprint=f"f{n}", handled_at=handled
        )

    old, recent, waiting = message(1, 400), message(2, 10), message(3, None)
    call_command("prune_contact_messages", "--days", "365", stdout=io.StringIO())
    assert list(ContactMessage.objects.order_by("pk")) == [recent, waiting]
    assert old.pk not in ContactMessage.objects.values_list("pk", flat=True)


def test_published_pages_are_in_the_sitemap_and_drafts_are_not(client):
    Page.objects.create(title="Draft", slug="draft-page", summary="S", body="B")
    content = client.get("/sitemap.xml").content.decode()
    assert "/privacy/</loc>" in content and "/draft-page/" not in content


def test_a_page_the_footer_links_keeps_its_address(ed_client):
    page = Page.objects.get(slug="privacy")
    response = ed_client.post(f"/editor/pages/{page.pk}/edit/", _form(slug="privacy-notice", title="Privacy"))
    assert response.status_code == 400 and "keeps its address" in response.content.decode()
    response = ed_client.post(f"/editor/pages/{page.pk}/edit/", _form(slug="privacy", title="Privacy notice"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.slug == "privacy" and page.title == "Privacy notice"
