"""CCIO profiles: list, filters, page, related, visibility, editing with interview and timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from editorial.models import Status
from profiles.models import CCIOProfile, InterviewAnswer, TimelineEntry
from tests.editorial.helpers import HOSTILE, assert_no_live_html, image_upload, script_upload
from tests.factories import CCIOProfileFactory, MemberFactory, OrganisationFactory


def _profile_with_content(**kwargs):
    profile = CCIOProfileFactory(**kwargs)
    for i in range(3):
        InterviewAnswer.objects.create(profile=profile, order=i, question=f"Question {i}?", answer=f"Answer **{i}**")
    TimelineEntry.objects.create(profile=profile, start_year=2001, end_year=2015, role="Consultant", place="Leeds")
    TimelineEntry.objects.create(profile=profile, start_year=2015, role="CCIO", place="Leeds")
    return profile


def test_list_newest_first_and_filters(visitor_client, db):
    north = OrganisationFactory(region="north-west", type="mental-health")
    wales = OrganisationFactory(region="wales", type="acute")
    older = CCIOProfileFactory(
        headline="Older profile", organisation=north, publish_at=timezone.now() - dt.timedelta(days=9)
    )
    newer = CCIOProfileFactory(headline="Newer profile", organisation=wales)
    body = visitor_client.get("/profiles/").content.decode()
    assert body.index(newer.headline) < body.index(older.headline)
    body = visitor_client.get("/profiles/?region=wales").content.decode()
    assert "Newer profile" in body and "Older profile" not in body
    body = visitor_client.get("/profiles/?organisation_type=mental-health").content.decode()
    assert "Older profile" in body and "Newer profile" not in body


def test_profile_page_shows_interview_timeline_panel_and_related(visitor_client, alice_client, db):
    region_org = OrganisationFactory(region="midlands")
    member = MemberFactory(username="priya")
    profile = _profile_with_content(
        headline="Digital from the ward up",
        organisation=region_org,
        advisory_panel=True,
        panel_chair=True,
        member=member,
    )
    same_region = CCIOProfileFactory(headline="Same region CCIO", organisation=OrganisationFactory(region="midlands"))
    other_region = CCIOProfileFactory(headline="Other region CCIO", organisation=OrganisationFactory(region="london"))
    draft = CCIOProfileFactory(headline="Draft same region", organisation=region_org, status=Status.DRAFT)
    body = visitor_client.get(profile.get_absolute_url()).content.decode()
    assert body.index("Question 0?") < body.index("Question 1?") < body.index("Question 2?")
    assert "Answer <strong>1</strong>" in body
    assert "2015–now" in body and "2001–2015" in body
    assert "Chair of the advisory panel" in body
    assert 'href="/members/priya/"' not in body  # visitors may not see the member's entry
    assert same_region.headline in body
    assert other_region.headline not in body and draft.headline not in body
    assert 'href="/members/priya/"' in alice_client.get(profile.get_absolute_url()).content.decode()


HIDDEN = [
    {"status": Status.DRAFT, "publish_at": None},
    {"status": Status.IN_REVIEW, "publish_at": None},
    {"status": Status.SCHEDULED, "offset": dt.timedelta(days=2)},
    {"status": Status.WITHDRAWN, "offset": -dt.timedelta(days=2)},
]


@pytest.mark.parametrize("state", HIDDEN, ids=lambda s: s["status"])
@pytest.mark.parametrize("who", ["visitor_client", "alice_client", "mo_client"])
def test_readers_never_see_unpublished_profiles(state, who, request, db):
    client = request.getfixturevalue(who)
    state = dict(state)
    offset = state.pop("offset", None)
    if offset is not None:
        state["publish_at"] = timezone.now() + offset
    profile = CCIOProfileFactory(headline="Hidden profile", slug="hidden-profile", **state)
    for url in ("/profiles/", "/", "/sitemap.xml"):
        assert b"idden profile" not in client.get(url).content, url
    assert client.get("/profiles/hidden-profile/").status_code == 404
    assert client.get(profile.get_preview_url()).status_code in (302, 403)


def test_editors_see_unpublished_profiles_and_previews(ed_client, db):
    profile = CCIOProfileFactory(headline="Draft profile", slug="draft-profile", status=Status.DRAFT, publish_at=None)
    assert ed_client.get("/profiles/draft-profile/").status_code == 200
    response = ed_client.get(profile.get_preview_url())
    assert response.status_code == 200 and b"Draft profile" in response.content


@pytest.mark.parametrize("n", [3, 30])
def test_list_and_page_query_budgets(n, alice_client, django_assert_max_num_queries, db):
    organisation = OrganisationFactory(region="london")
    for _ in range(n):
        _profile_with_content(organisation=organisation)
    profile = _profile_with_content(organisation=organisation)
    for i in range(n):
        InterviewAnswer.objects.create(profile=profile, order=10 + i, question="More?", answer="Yes")
    with django_assert_max_num_queries(8):
        assert alice_client.get("/profiles/?region=london").status_code == 200
    with django_assert_max_num_queries(9):
        assert alice_client.get(profile.get_absolute_url()).status_code == 200


def _form_data(**overrides):
    data = {
        "name": "Dr Jane Example",
        "role_title": "CCIO",
        "headline": "Jane's journey",
        "slug": "janes-journey",
        "standfirst": "From A&E to the board.",
        "portrait_alt": "",
        "organisation": "",
        "member": "",
        "answers-TOTAL_FORMS": "2",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "40",
        "answers-0-order": "1",
        "answers-0-question": "How did you start?",
        "answers-0-answer": "By **accident**.",
        "answers-1-order": "0",
        "answers-1-question": "",
        "answers-1-answer": "",
        "timeline-TOTAL_FORMS": "1",
        "timeline-INITIAL_FORMS": "0",
        "timeline-MIN_NUM_FORMS": "0",
        "timeline-MAX_NUM_FORMS": "30",
        "timeline-0-start_year": "2010",
        "timeline-0-end_year": "",
        "timeline-0-role": "Consultant",
        "timeline-0-place": "Hull",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_profile_with_interview_and_timeline(ed_client, ed):
    assert ed_client.get("/editor/profiles/new/").status_code == 200
    response = ed_client.post("/editor/profiles/new/", _form_data())
    assert response.status_code == 302
    profile = CCIOProfile.objects.get()
    assert profile.status == Status.DRAFT and profile.created_by == ed
    assert [a.answer_html for a in profile.answers.all()] == ["<p>By <strong>accident</strong>.</p>\n"]
    assert profile.timeline.get().role == "Consultant"
    response = ed_client.get(f"/editor/profiles/{profile.pk}/edit/")
    assert response.status_code == 200 and b"How did you start?" in response.content


@pytest.mark.parametrize("who", ["alice_client", "mo_client", "visitor_client"])
def test_only_editors_create_profiles(who, request, db):
    client = request.getfixturevalue(who)
    assert client.post("/editor/profiles/new/", _form_data()).status_code in (302, 403)
    assert not CCIOProfile.objects.exists()


def test_portrait_needs_alt_text_and_must_be_an_image(ed_client):
    response = ed_client.post("/editor/profiles/new/", {**_form_data(), "portrait": image_upload()})
    assert "alt text is required" in response.content.decode()
    response = ed_client.post(
        "/editor/profiles/new/", {**_form_data(portrait_alt="Jane smiling"), "portrait": script_upload("jane.jpg")}
    )
    assert "not an image we can read" in response.content.decode()
    assert not CCIOProfile.objects.exists()
    response = ed_client.post(
        "/editor/profiles/new/", {**_form_data(portrait_alt="Jane smiling"), "portrait": image_upload()}
    )
    assert response.status_code == 302
    assert CCIOProfile.objects.get().portrait.name.startswith("profiles/portraits/")


def test_chair_must_be_on_the_panel(ed_client):
    response = ed_client.post("/editor/profiles/new/", _form_data(panel_chair="on"))
    assert "must also be on the advisory panel" in response.content.decode()


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_in_every_text_field(payload, ed_client, visitor_client):
    fields = {f: payload for f in ("name", "role_title", "headline", "standfirst")}
    data = _form_data(**fields)
    data.update({"answers-0-question": payload, "answers-0-answer": payload, "timeline-0-role": payload})
    data["timeline-0-place"] = payload
    response = ed_client.post("/editor/profiles/new/", data)
    assert response.status_code == 302
    profile = CCIOProfile.objects.get()
    CCIOProfile.objects.filter(pk=profile.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    for client in (visitor_client, ed_client):
        for url in ("/profiles/", profile.get_absolute_url(), "/"):
            assert_no_live_html(client.get(url).content)
    assert_no_live_html(ed_client.get(f"/editor/profiles/{profile.pk}/edit/").content)


def test_home_page_features_a_profile(visitor_client, db):
    CCIOProfileFactory(headline="Home page profile")
    assert b"Home page profile" in visitor_client.get("/").content


def test_interview_changes_are_revisions_that_can_be_compared_and_restored(ed_client):
    ed_client.post("/editor/profiles/new/", _form_data())
    profile = CCIOProfile.objects.get()
    answer = profile.answers.get()
    data = _form_data(
        **{
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "1",
            "answers-0-id": str(answer.pk),
            "answers-0-profile": str(profile.pk),
            "answers-0-answer": "On **purpose**, actually.",
            "timeline-TOTAL_FORMS": "0",
        }
    )
    assert ed_client.post(f"/editor/profiles/{profile.pk}/edit/", data).status_code == 302
    revisions = list(profile.history.order_by("history_date", "history_id"))
    reasons = [r.history_change_reason for r in revisions]
    assert reasons[0] == "Created" and reasons.count("Interview or timeline changed") == 2
    first_with_interview, latest = revisions[1], revisions[-1]
    response = ed_client.get(
        f"/editor/profiles.ccioprofile/{profile.pk}/history/compare/"
        f"?old={first_with_interview.history_id}&new={latest.history_id}"
    )
    body = response.content.decode()
    assert "By **accident**." in body and "On **purpose**, actually." in body
    ed_client.post(f"/editor/profiles.ccioprofile/{profile.pk}/history/{first_with_interview.history_id}/restore/")
    assert [a.answer_html for a in profile.answers.all()] == ["<p>By <strong>accident</strong>.</p>\n"]
    assert profile.timeline.get().place == "Hull"


def test_slug_is_made_from_the_headline_when_empty(ed_client):
    CCIOProfileFactory(slug="janes-journey")
    assert ed_client.post("/editor/profiles/new/", _form_data(slug="")).status_code == 302
    assert CCIOProfile.objects.filter(slug="janes-journey-2").exists()


def test_home_page_prefers_the_featured_profile(visitor_client, django_assert_max_num_queries, db):
    CCIOProfileFactory(
        headline="Older featured profile", featured=True, publish_at=timezone.now() - dt.timedelta(days=30)
    )
    CCIOProfileFactory(headline="Newest ordinary profile")
    CCIOProfileFactory(headline="Draft featured", featured=True, status=Status.DRAFT)
    body = visitor_client.get("/").content.decode()
    assert "Older featured profile" in body
    assert "Newest ordinary profile" not in body and "Draft featured" not in body
