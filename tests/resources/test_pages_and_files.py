"""A resource's page, its file and the members' actions on it, for every role; 404 and 410; query budget."""

import pytest
from django.test import Client

from editorial import services as editorial
from resources import services
from resources.models import PlanItem, Resource, UsefulMark
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_public_resource_page(visitor_client):
    resource = factories.ResourceFactory(title="Introduction to FHIR", body="## Resources\n\n**FHIR** basics.")
    response = visitor_client.get(resource.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>FHIR</strong> basics" in html
    assert 'href="https://example.org/course"' in html
    assert "Sign in</a> to add this to your learning plan" in html


@pytest.mark.parametrize(
    ("who", "may_use"),
    [("visitor", False), ("una", False), ("alice", True), ("ed", True), ("mo", True), ("staff", True)],
)
def test_members_only_body_link_and_file_by_role(request, who, may_use, members_file_resource):
    client = request.getfixturevalue(f"{who}_client")
    resource = members_file_resource
    resource.body = "Secret **template** notes."
    resource.save()
    page = client.get(resource.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert ("Secret <strong>template</strong> notes." in html) is may_use
    assert ('data-testid="download-link"' in html) is may_use
    download = client.get(resource.get_download_url())
    if may_use:
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="job-plan.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    else:
        assert download.status_code in (302, 404)
        assert not getattr(download, "streaming", False)
        if who == "visitor":
            assert download.url.startswith("/accounts/login/")


def test_the_file_is_not_under_the_public_media_root(members_file_resource, settings):
    path = members_file_resource.file.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in path
    assert str(settings.MEDIA_ROOT) not in path
    with pytest.raises(ValueError):
        members_file_resource.file.url  # noqa: B018


def test_a_public_resource_file_downloads_for_visitors(visitor_client, members_file_resource):
    members_file_resource.access = "public"
    members_file_resource.save()
    response = visitor_client.get(members_file_resource.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_no_file_gives_404(visitor_client):
    resource = factories.ResourceFactory()
    assert visitor_client.get(resource.get_download_url()).status_code == 404


@pytest.mark.parametrize("who", ["visitor", "alice", "mo", "staff"])
def test_drafts_are_404_for_everyone_but_editors(request, who, ed_client, members_file_resource):
    members_file_resource.status = "draft"
    members_file_resource.save()
    client = request.getfixturevalue(f"{who}_client")
    assert client.get(members_file_resource.get_absolute_url()).status_code == 404
    assert client.get(members_file_resource.get_download_url()).status_code == 404
    page = ed_client.get(members_file_resource.get_absolute_url())
    assert page.status_code == 200
    assert 'data-testid="workflow-status"' in page.content.decode()
    assert ed_client.get(members_file_resource.get_download_url()).status_code == 200


def test_a_withdrawn_resource_that_was_live_is_410_and_one_withdrawn_from_review_404(ed, mo, visitor_client):
    live = factories.ResourceFactory(slug="was-live")
    editorial.withdraw(item=live, by=ed)
    assert visitor_client.get("/resources/was-live/").status_code == 410
    review = factories.ResourceFactory(slug="in-review", status="in_review", publish_at=None)
    editorial.withdraw(item=review, by=ed)
    assert visitor_client.get("/resources/in-review/").status_code == 404


def test_preview_in_the_editor_area(ed_client, alice_client):
    resource = factories.ResourceFactory(status="draft", title="Draft toolkit")
    response = ed_client.get(resource.get_preview_url())
    assert response.status_code == 200
    assert "Draft toolkit" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert alice_client.get(resource.get_preview_url()).status_code == 403


# --- useful marks --------------------------------------------------------------


def test_a_member_marks_a_resource_useful_once(alice_client, alice):
    resource = factories.ResourceFactory()
    for _ in range(2):
        response = alice_client.post(f"/resources/{resource.slug}/useful/", {"action": "mark"})
        assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.useful_count == 1
    assert UsefulMark.objects.filter(resource=resource, member=alice).count() == 1
    page = alice_client.get(resource.get_absolute_url()).content.decode()
    assert "1 member found this useful." in page
    assert "You found this useful (undo)" in page
    alice_client.post(f"/resources/{resource.slug}/useful/", {"action": "unmark"})
    resource.refresh_from_db()
    assert resource.useful_count == 0


def test_marking_useful_with_htmx_swaps_the_box(alice_client):
    resource = factories.ResourceFactory()
    response = alice_client.post(f"/resources/{resource.slug}/useful/", {"action": "mark"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="useful-box"' in response.content.decode()
    assert "1 member found this useful." in response.content.decode()


def test_the_unique_constraint_holds_under_a_race(alice):
    resource = factories.ResourceFactory()
    assert services.mark_useful(resource=resource, member=alice) is True
    assert services.mark_useful(resource=resource, member=alice) is False
    resource.refresh_from_db()
    assert resource.useful_count == 1


@pytest.mark.parametrize(
    ("who", "status"), [("visitor", 302), ("una", 403), ("sam", 302), ("ed", 302), ("mo", 302), ("staff", 302)]
)
def test_who_may_mark_useful_and_add_to_plan(request, who, status):
    client = request.getfixturevalue(f"{who}_client")
    resource = factories.ResourceFactory()
    for action in ("useful", "add-to-plan"):
        response = client.post(f"/resources/{resource.slug}/{action}/")
        assert response.status_code == status
        if who == "visitor":
            assert response.url.startswith("/accounts/login/")
    if who == "una":
        assert not UsefulMark.objects.exists() and not PlanItem.objects.exists()


def test_actions_on_a_draft_are_404(alice_client):
    resource = factories.ResourceFactory(status="draft")
    assert alice_client.post(f"/resources/{resource.slug}/useful/").status_code == 404
    assert alice_client.post(f"/resources/{resource.slug}/add-to-plan/").status_code == 404
    assert alice_client.get(f"/resources/{resource.slug}/useful/").status_code == 405


def test_members_who_found_this_useful_also_used(alice, bob, visitor_client):
    topic = factories.TopicFactory(name="Clinical safety")
    this = factories.ResourceFactory(title="This one")
    co = factories.ResourceFactory(title="Used by the same members")
    same_topic = factories.ResourceFactory(title="Same topic", topics=[topic])
    this.topics.add(topic)
    factories.ResourceFactory(title="Unrelated")
    for member in (alice, bob):
        services.mark_useful(resource=this, member=member)
        services.mark_useful(resource=co, member=member)
    response = visitor_client.get(this.get_absolute_url())
    assert [r.title for r in response.context["also_used"]] == [co.title, same_topic.title]


def test_add_to_plan_from_the_resource_page_once(alice_client, alice):
    resource = factories.ResourceFactory()
    alice_client.post(f"/resources/{resource.slug}/add-to-plan/")
    response = alice_client.post(f"/resources/{resource.slug}/add-to-plan/", follow=True)
    assert "was already on your learning plan" in response.content.decode()
    assert PlanItem.objects.filter(member=alice, resource=resource).count() == 1
    assert 'data-testid="plan-status"' in alice_client.get(resource.get_absolute_url()).content.decode()


def _others(n, topic, alice):
    for _ in range(n):
        other = factories.ResourceFactory(topics=[topic])
        UsefulMark.objects.create(resource=other, member=alice)


@pytest.mark.parametrize("as_member", [False, True])
def test_a_resource_page_costs_the_same_queries_for_5_and_500_related(
    alice, bob, django_assert_max_num_queries, as_member, settings
):
    settings.CONTENT_CACHE = False
    client = Client()
    if as_member:
        client.force_login(bob)
    topic = factories.TopicFactory(name="Careers")
    resource = factories.ResourceFactory(topics=[topic])
    services.mark_useful(resource=resource, member=alice)
    _others(5, topic, alice)
    with django_assert_max_num_queries(10) as few:
        assert client.get(resource.get_absolute_url()).status_code == 200
    _others(495, topic, alice)
    with django_assert_max_num_queries(10) as many:
        assert client.get(resource.get_absolute_url()).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
    assert Resource.objects.count() == 501
