"""A member edits their directory entry and its privacy; axe on the directory and profile pages."""

import pytest
from playwright.sync_api import expect

from profiles.models import InterviewAnswer, TimelineEntry
from tests.editorial.helpers import image_upload
from tests.factories import CCIOProfileFactory, DirectoryEntryFactory, MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_edits_their_entry_and_its_privacy(page, context, live_server, login_as, alice):
    OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust", region="north-east-yorkshire")
    login_as(alice)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Edit your directory entry").click()
    page.get_by_label("Everyone, including visitors").check()
    page.get_by_label("Job title").fill("Chief Clinical Information Officer")
    page.get_by_label("Organisation").select_option(label="Leeds Teaching Hospitals NHS Trust")
    page.get_by_label("Short bio").fill("I lead **EPR** work.")
    page.get_by_role("button", name="Save your entry").click()
    expect(page.get_by_text("Your directory entry has been saved.")).to_be_visible()

    context.clear_cookies()
    page.goto(live_server.url + "/members/?q=Leeds")
    page.get_by_role("link", name="Dr Alice Adams").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Alice Adams")
    expect(page.locator(".prose strong")).to_have_text("EPR")

    login_as(alice)
    page.goto(live_server.url + "/account/profile/")
    page.get_by_label("Nobody but me").check()
    page.get_by_role("button", name="Save your entry").click()
    expect(page.get_by_text("Your directory entry has been saved.")).to_be_visible()

    context.clear_cookies()
    page.goto(live_server.url + "/members/")
    expect(page.get_by_role("link", name="Dr Alice Adams")).to_have_count(0)
    assert page.goto(live_server.url + "/members/alice/").status == 404


@pytest.fixture
def directory_and_profiles(db):
    organisation = OrganisationFactory(name="NHS Lothian", region="scotland")
    for i in range(5):
        DirectoryEntryFactory(
            user=MemberFactory(display_name=f"Dr Member {i}"),
            organisation=organisation,
            visibility="everyone",
            advisory_panel=i == 0,
            photo=image_upload() if i == 1 else "",
        )
    profile = CCIOProfileFactory(
        headline="One record across Lothian",
        organisation=organisation,
        advisory_panel=True,
        panel_chair=True,
        portrait=image_upload(),
        portrait_alt="Dr Fiona MacLeod at her desk",
    )
    InterviewAnswer.objects.create(profile=profile, order=1, question="How did you start?", answer="By **accident**.")
    TimelineEntry.objects.create(profile=profile, start_year=2010, role="Consultant")
    CCIOProfileFactory(headline="Another Scottish CCIO", organisation=organisation)
    return profile


@pytest.mark.parametrize("who", ["visitor", "alice"])
def test_directory_and_profile_pages_are_accessible(
    page, live_server, check_accessibility, login_as, directory_and_profiles, who, request
):
    if who == "alice":
        login_as(request.getfixturevalue("alice"))
    for path in ("/members/", "/profiles/", directory_and_profiles.get_absolute_url()):
        page.goto(live_server.url + path)
        check_accessibility(page)
    if who == "alice":
        page.goto(live_server.url + "/account/profile/")
        check_accessibility(page)


def test_editor_profile_pages_are_accessible(
    page, live_server, check_accessibility, login_as, ed, directory_and_profiles
):
    login_as(ed)
    for path in (
        "/editor/profiles/new/",
        f"/editor/profiles/{directory_and_profiles.pk}/edit/",
        directory_and_profiles.get_preview_url(),
        directory_and_profiles.get_history_url(),
        "/members/",
    ):
        page.goto(live_server.url + path)
        check_accessibility(page)
    page.get_by_role("link", name="Dr Member 1").click()
    check_accessibility(page)
