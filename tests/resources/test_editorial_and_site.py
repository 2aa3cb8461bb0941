"""Resources in the editorial workflow, event materials in the library, and across the site."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.services import account_erase, export_account
from editorial import registry
from editorial import services as editorial
from events.models import EventMaterial
from resources import services
from resources.models import CPDEntry, PlanItem, Resource, UsefulMark
from tests import factories
from tests.resources.conftest import HOSTILE, assert_inert, pdf_upload

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Clinical safety case template",
        "slug": "",
        "summary": "A Word template for a safety case.",
        "body": "## How to use it\n\nFill in **every** section.",
        "kind": "template",
        "provider": "CCIO Network",
        "url": "",
        "level": "intermediate",
        "cost": "free",
        "format": "self_paced",
        "cpd_hours": "",
        "suits": ["for_new_ccio", "for_cnio_cmio"],
        "access": "members",
    }
    return data | overrides


def test_resources_are_registered_with_the_one_workflow():
    entry = registry.get("resources.resource")
    assert entry.model is Resource
    assert entry.create_url() == "/editor/resources/new/"


def test_an_editor_creates_a_resource_with_a_file_through_the_workflow(ed_client, ed, alice_client):
    topic = factories.TopicFactory(name="Clinical safety")
    response = ed_client.post("/editor/resources/new/", _form(topics=[topic.pk], file=pdf_upload("safety-case.pdf")))
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.slug == "clinical-safety-case-template"
    assert resource.status == "draft" and resource.created_by == ed
    assert resource.for_new_ccio and resource.for_cnio_cmio and not resource.for_aspiring
    assert resource.file_name == "safety-case.pdf" and resource.file.name.startswith("resources/")
    assert resource.children_state == {"topics": [{"id": topic.pk, "name": "Clinical safety"}]}
    assert alice_client.get(resource.get_absolute_url()).status_code == 404
    other = factories.EditorFactory()
    editorial.submit(item=resource, by=ed)
    editorial.approve(item=resource, by=other)
    editorial.publish(item=resource, by=other)
    assert alice_client.get(resource.get_download_url()).status_code == 200
    assert [r.history_change_reason for r in resource.history.order_by("history_date")][:2] == [
        "Created",
        "Topics changed",
    ]


def test_restoring_a_revision_restores_topics_too(ed, ed_client):
    careers, safety = factories.TopicFactory(name="Careers"), factories.TopicFactory(name="Clinical safety")
    ed_client.post("/editor/resources/new/", _form(topics=[careers.pk], url="https://example.org/a", access="public"))
    resource = Resource.objects.get()
    first = resource.history.order_by("history_date").last()
    ed_client.post(
        f"/editor/resources/{resource.pk}/edit/",
        _form(title="Renamed", slug=resource.slug, topics=[safety.pk], url="https://example.org/a", access="public"),
    )
    resource.refresh_from_db()
    assert resource.title == "Renamed" and list(resource.topics.all()) == [safety]
    editorial.restore(item=resource, history_id=first.history_id, by=ed)
    resource.refresh_from_db()
    assert resource.title == "Clinical safety case template" and list(resource.topics.all()) == [careers]
    assert ed_client.get(resource.get_history_url()).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("visitor", 302), ("alice", 403), ("mo", 403), ("staff", 403)])
def test_only_editors_write_resources(request, who, status):
    client = request.getfixturevalue(f"{who}_client")
    assert client.get("/editor/resources/new/").status_code == status
    assert client.post("/editor/resources/new/", _form(url="https://example.org")).status_code == status
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("virus.docx", b"MZ" + b"\x00" * 100),
        ("empty.pdf", b""),
        ("../../../../tmp/x.pdf", b"<html></html>"),
    ],
)
def test_bad_uploads_are_refused_and_the_form_keeps_its_text(ed_client, name, content):
    response = ed_client.post("/editor/resources/new/", _form(file=SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    assert "Clinical safety case template" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_resource_needs_a_link_or_a_file(ed_client):
    response = ed_client.post("/editor/resources/new/", _form())
    assert response.status_code == 400
    assert "Give an external link, a file, or both." in response.content.decode()


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_in_every_resource_field_is_inert(ed_client, visitor_client, alice_client, payload):
    response = ed_client.post(
        "/editor/resources/new/",
        _form(
            title=f"Title {payload}",
            slug="hostile",
            summary=f"Summary {payload}",
            body=f"Body {payload}",
            provider=f"Provider {payload}",
            cost_note=f"Note {payload}",
            duration=f"Duration {payload}",
            url="https://example.org/x",
            access="public",
        ),
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    resource.status, resource.publish_at = "published", timezone.now()
    resource.save()
    for client, url in [
        (visitor_client, "/resources/hostile/"),
        (visitor_client, "/resources/"),
        (visitor_client, "/resources/feed/"),
        (visitor_client, "/"),
        (alice_client, f"/search/?q={resource.title[:5]}"),
        (ed_client, resource.get_editor_url()),
        (ed_client, f"/editor/resources/{resource.pk}/edit/"),
    ]:
        assert_inert(client.get(url).content.decode())


def test_nul_bytes_in_a_resource_field_are_a_clear_400(ed_client):
    response = ed_client.post("/editor/resources/new/", _form(title="Bad\x00", url="https://example.org"))
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


# --- event materials ------------------------------------------------------------------


def test_event_materials_appear_in_the_library_once_the_event_is_over(visitor_client, ed):
    start = timezone.now() + dt.timedelta(days=2)
    event = factories.EventFactory(
        title="Summer school",
        slug="summer-school",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        cpd_hours=6,
    )
    material = EventMaterial.objects.create(event=event, title="Slides", url="https://example.org/slides.pdf")
    EventMaterial.objects.create(event=event, title="Recording", url="https://example.org/video")
    assert Resource.objects.count() == 2  # made once, kept in step
    assert not visitor_client.get("/resources/").context["resources"]
    # The event is over: the materials are in the library, linked back to the event.
    event.starts_at, event.ends_at = start - dt.timedelta(days=10), start - dt.timedelta(days=9, hours=18)
    event.save()
    titles = {r.title: r for r in visitor_client.get("/resources/").context["resources"]}
    assert set(titles) == {"Summer school: Slides", "Summer school: Recording"}
    slides = titles["Summer school: Slides"]
    assert slides.kind == "slides" and titles["Summer school: Recording"].kind == "recording"
    assert slides.cpd_hours == 6 and slides.event_id == event.pk
    page = visitor_client.get(slides.get_absolute_url()).content.decode()
    assert 'href="/events/summer-school/"' in page
    material.title = "Slides, updated"
    material.save()
    assert Resource.objects.filter(title="Summer school: Slides, updated").exists()
    material.delete()
    assert Resource.objects.count() == 1


def test_materials_of_a_draft_event_stay_out_of_the_library():
    start = timezone.now() - dt.timedelta(days=3)
    event = factories.EventFactory(status="draft", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    EventMaterial.objects.create(event=event, title="Slides", url="https://example.org/s.pdf")
    assert Resource.objects.get().status == "draft"
    assert not Resource.objects.in_library().exists()


# --- search, sitemap, feed, home ----------------------------------------------------------


def test_site_search_sitemap_feed_and_home(visitor_client, members_file_resource):
    public = factories.ResourceFactory(title="Introduction to FHIR", slug="fhir", summary="Interoperability basics.")
    factories.ResourceFactory(title="Draft FHIR notes", slug="draft-fhir", status="draft")
    from ccio.search import site_search

    groups = {g.key: g for g in site_search(AnonymousUser(), "FHIR")}
    assert [h.title for h in groups["resources"].hits] == ["Introduction to FHIR"]
    assert groups["resources"].see_all_url == "/resources/?q=FHIR"
    page = visitor_client.get("/search/?q=FHIR").content.decode()
    assert "Resources" in page and "/resources/fhir/" in page
    sitemap = visitor_client.get("/sitemap.xml").content.decode()
    assert "/resources/fhir/" in sitemap and "/resources/job-plan/" not in sitemap and "draft-fhir" not in sitemap
    feed = visitor_client.get("/resources/feed/")
    assert feed.status_code == 200 and "Introduction to FHIR" in feed.content.decode()
    assert "(Members only.)" in feed.content.decode()
    home = visitor_client.get("/").content.decode()
    assert "New in the resources library" in home and public.get_absolute_url() in home
    assert 'href="/resources/"' in visitor_client.get("/").content.decode()


def test_account_page_links_the_plan_and_log(alice_client):
    html = alice_client.get("/account/").content.decode()
    assert 'href="/account/learning/"' in html and 'href="/account/cpd/"' in html


# --- data protection -------------------------------------------------------------------------


def test_the_export_holds_the_plan_log_and_useful_marks_and_erasure_removes_them(alice, bob):
    resource = factories.ResourceFactory(title="FHIR intro")
    factories.PlanItemFactory(member=alice, resource=resource, note="My note")
    factories.CPDEntryFactory(member=alice, title="Safety course", learned="Hazards", resource=resource)
    services.mark_useful(resource=resource, member=alice)
    services.mark_useful(resource=resource, member=bob)
    data = json.loads(json.dumps(export_account(alice)))["resources"]
    assert data["learning_plan"][0]["note"] == "My note"
    assert data["cpd_log"][0]["title"] == "Safety course" and data["cpd_log"][0]["what_i_learned"] == "Hazards"
    assert data["found_useful"][0]["resource"] == "FHIR intro"
    assert "resources" in export_account(bob) and export_account(bob)["resources"]["cpd_log"] == []
    account_erase(user=alice)
    assert not PlanItem.objects.filter(member=alice).exists()
    assert not CPDEntry.objects.filter(member=alice).exists()
    assert not UsefulMark.objects.filter(member=alice).exists()
    resource.refresh_from_db()
    assert resource.useful_count == 1


def test_erasure_deletes_evidence_files(alice, alice_client, django_capture_on_commit_callbacks):
    alice_client.post(
        "/account/cpd/new/",
        {"date": "2026-05-01", "title": "X", "type": "course", "hours": "1", "evidence": pdf_upload()},
    )
    path = CPDEntry.objects.get().evidence.path
    import os

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=alice)
    assert not os.path.exists(path)


def test_demo_seed_is_idempotent(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    count = Resource.objects.count()
    assert count >= 30
    assert Resource.objects.filter(access="members").exclude(file="").count() >= 4
    assert {r.kind for r in Resource.objects.all()} >= {
        "course",
        "qualification",
        "guide",
        "template",
        "recording",
        "reading",
        "tool",
        "slides",
    }
    priya = PlanItem.objects.filter(member__username="priya")
    assert priya.count() >= 3
    years = {e.appraisal_year for e in CPDEntry.objects.filter(member__username="priya")}
    assert len(years) >= 2
    from events.models import Registration

    assert Registration.objects.attended().exists()
    call_command("seed_demo", stdout=out)
    assert Resource.objects.count() == count


def test_an_editor_adds_topics_to_an_event_material_without_touching_what_follows_the_event(ed_client):
    start = timezone.now() - dt.timedelta(days=2)
    event = factories.EventFactory(title="Huddle", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    EventMaterial.objects.create(event=event, title="Slides", url="https://example.org/s.pdf")
    card = Resource.objects.get()
    topic = factories.TopicFactory(name="Clinical safety")
    form = ed_client.get(f"/editor/resources/{card.pk}/edit/")
    assert form.status_code == 200 and "title" not in form.context["form"].fields
    data = _form(topics=[topic.pk], level="advanced", access="public")
    response = ed_client.post(f"/editor/resources/{card.pk}/edit/", data)
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.title == "Huddle: Slides" and card.url == "https://example.org/s.pdf" and card.kind == "slides"
    assert card.level == "advanced" and list(card.topics.all()) == [topic]
