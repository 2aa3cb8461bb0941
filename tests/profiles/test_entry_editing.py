"""A member edits their own directory entry at /account/profile/ (and only their own)."""

from pathlib import Path

import pytest
from django.conf import settings

from profiles.models import DirectoryEntry, Visibility
from tests.editorial.helpers import HOSTILE, assert_no_live_html, image_upload, noisy_image_upload, script_upload
from tests.factories import DirectoryEntryFactory, OrganisationFactory

URL = "/account/profile/"


def _data(**overrides):
    data = {
        "visibility": "members",
        "job_title": "CCIO",
        "organisation": "",
        "profession": "doctor",
        "specialty": "Acute medicine",
        "years_in_practice": "21",
        "ccio_appointed": "2019-04-01",
        "reports_to": "Chief Medical Officer",
        "contracted_days": "2",
        "actual_days": "3",
        "interests": "EPR, AI",
        "bio": "Hello **there**.",
        "links": "https://example.org",
    }
    data.update(overrides)
    return data


def test_visitors_are_sent_to_sign_in_and_non_members_refused(visitor_client, una_client):
    response = visitor_client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert una_client.get(URL).status_code == 403
    assert una_client.post(URL, _data()).status_code == 403
    assert not DirectoryEntry.objects.exists()


def test_a_member_creates_and_edits_their_entry(alice_client, alice):
    organisation = OrganisationFactory(name="Royal Example")
    assert alice_client.get(URL).status_code == 200
    response = alice_client.post(URL, _data(organisation=organisation.pk))
    assert response.status_code == 302
    entry = alice.directory_entry
    assert entry.organisation == organisation and entry.bio_html == "<p>Hello <strong>there</strong>.</p>\n"
    alice_client.post(URL, _data(visibility="everyone", job_title="Deputy CCIO"))
    entry.refresh_from_db()
    assert entry.visibility == Visibility.EVERYONE and entry.job_title == "Deputy CCIO"
    assert DirectoryEntry.objects.count() == 1


def test_a_member_cannot_edit_someone_elses_entry(alice_client, bob):
    bobs = DirectoryEntryFactory(user=bob, job_title="Bob's title")
    # There is no address naming another member's entry; posting extra fields changes nothing of theirs.
    alice_client.post(URL, {**_data(job_title="Alice"), "user": bob.pk})
    bobs.refresh_from_db()
    assert bobs.job_title == "Bob's title"
    assert DirectoryEntry.objects.get(job_title="Alice").user.username == "alice"


def test_members_cannot_set_the_advisory_panel_mark(alice_client, alice):
    alice_client.post(URL, {**_data(), "advisory_panel": "on"})
    assert alice.directory_entry.advisory_panel is False


def test_photo_upload_is_resized_and_written_under_media_root(alice_client, alice):
    response = alice_client.post(URL, {**_data(), "photo": image_upload(size=(2000, 1500))})
    assert response.status_code == 302
    photo = alice.directory_entry.photo
    path = Path(photo.path)
    assert path.exists() and str(path).startswith(str(settings.MEDIA_ROOT))
    from PIL import Image

    with Image.open(path) as image:
        assert max(image.size) == 600


def test_a_renamed_script_is_refused(alice_client, alice):
    response = alice_client.post(URL, {**_data(job_title="Kept title"), "photo": script_upload("me.png")})
    body = response.content.decode()
    assert response.status_code == 200
    assert "not an image we can read" in body and "Kept title" in body
    assert not DirectoryEntry.objects.exists()


def test_an_oversized_photo_is_refused(alice_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100_000
    response = alice_client.post(URL, {**_data(), "photo": noisy_image_upload()})
    assert "the largest we accept is 0.1 MB" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_bad_values_get_clear_messages_and_keep_the_text(alice_client):
    response = alice_client.post(
        URL, _data(years_in_practice="200", actual_days="9", links="javascript:alert(1)", specialty="Kept")
    )
    body = response.content.decode()
    assert "less than or equal to 70" in body
    assert "less than or equal to 7" in body
    assert "is not a web address" in body
    assert "Kept" in body
    response = alice_client.post(URL, _data(bio="x" * 5000, job_title="y" * 500))
    assert "at most 3000 characters" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_in_every_text_field(payload, alice_client, alice, visitor_client):
    text_fields = ["job_title", "specialty", "reports_to", "interests", "bio"]
    alice_client.post(URL, _data(visibility="everyone", **{f: payload for f in text_fields}))
    entry = alice.directory_entry
    assert entry.job_title == payload
    for client in (alice_client, visitor_client):
        for url in ("/members/", entry.get_absolute_url(), URL):
            assert_no_live_html(client.get(url).content)


def test_replacing_or_clearing_the_photo_deletes_the_old_file(alice_client, alice, django_capture_on_commit_callbacks):
    alice_client.post(URL, {**_data(), "photo": image_upload()})
    first = Path(alice.directory_entry.photo.path)
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change is committed
        alice_client.post(URL, {**_data(), "photo": image_upload(color=(200, 0, 0))})
    alice.directory_entry.refresh_from_db()
    second = Path(alice.directory_entry.photo.path)
    assert second.exists() and not first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(URL, {**_data(), "photo-clear": "on"})
    alice.directory_entry.refresh_from_db()
    assert not alice.directory_entry.photo and not second.exists()


def test_a_suspended_member_cannot_change_their_entry(sam_client, sam):
    DirectoryEntryFactory(user=sam, job_title="Before")
    assert sam_client.get(URL).status_code == 403
    assert sam_client.post(URL, _data(job_title="During suspension")).status_code == 403
    sam.directory_entry.refresh_from_db()
    assert sam.directory_entry.job_title == "Before"


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_organisation_and_topic_names_are_shown_as_text(payload, alice_client, visitor_client):
    from tests.factories import ArticleFactory, CCIOProfileFactory, TopicFactory

    organisation = OrganisationFactory(name=payload)
    DirectoryEntryFactory(organisation=organisation, visibility="everyone")
    CCIOProfileFactory(organisation=organisation)
    topic = TopicFactory(name=payload)
    ArticleFactory(topics=[topic])
    for client in (alice_client, visitor_client):
        for url in ("/members/", "/profiles/", "/articles/", "/articles/feed/", URL):
            response = client.get(url)
            if response.status_code == 200:
                assert_no_live_html(response.content)


def test_deleting_an_account_erases_the_entry_and_its_photo(alice_client, alice, django_capture_on_commit_callbacks):
    from accounts.services import account_erase

    alice_client.post(URL, {**_data(visibility="everyone"), "photo": image_upload()})
    photo = Path(alice.directory_entry.photo.path)
    assert photo.exists()
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=alice)
    assert not DirectoryEntry.objects.exists()
    assert not photo.exists()
