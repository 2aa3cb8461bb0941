import pytest

from notifications import kinds
from notifications.models import NotificationPreference
from notifications.preferences import preferences_for

URL = "/account/notifications/"


def test_page_lists_every_kind_with_a_labelled_select(alice_client, alice):
    response = alice_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for kind in kinds.offered_to(alice):  # editors' kinds are for editors only: see tests/editorial
        assert f'for="id_{kind.code}"' in html
        assert f'id="id_{kind.code}"' in html
    assert html.count("<h1") == 1


def test_defaults_are_preselected(alice_client):
    html = alice_client.get(URL).content.decode()
    assert '<option value="daily" selected>' in html  # forum.reaction defaults to daily


def test_saving_preferences(alice_client, alice):
    data = {kind.code: kind.default for kind in kinds.all_kinds()}
    data["forum.reply"] = kinds.DAILY
    data["events.message"] = kinds.NEVER
    response = alice_client.post(URL, data)
    assert response.status_code == 302
    prefs = preferences_for(alice)
    assert prefs["forum.reply"] == kinds.DAILY
    assert prefs["events.message"] == kinds.NEVER
    # Only the changed kinds are stored.
    assert NotificationPreference.objects.filter(recipient=alice).count() == 2


def test_a_bad_value_is_refused_and_the_rest_kept(alice_client, alice):
    data = {kind.code: kind.default for kind in kinds.all_kinds()}
    data["forum.reply"] = "<script>alert(1)</script>"
    data["events.message"] = kinds.NEVER
    response = alice_client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "<script>alert(1)</script>" not in html
    assert '<option value="never" selected>' in html
    assert not NotificationPreference.objects.filter(recipient=alice).exists()


@pytest.mark.parametrize("persona", ["una_client", "sam_client", "ed_client", "mo_client"])
def test_any_signed_in_person_can_choose(db, request, persona):
    client = request.getfixturevalue(persona)
    data = {kind.code: kinds.NEVER for kind in kinds.all_kinds()}
    assert client.post(URL, data).status_code == 302


def test_visitor_post_is_sent_to_sign_in(db, visitor_client):
    response = visitor_client.post(URL, {"forum.reply": "never"})
    assert response.status_code == 302
    assert not NotificationPreference.objects.exists()


def test_account_settings_links_to_preferences(alice_client):
    assert URL in alice_client.get("/account/").content.decode()


def test_preferences_query_budget(alice_client, alice, django_assert_max_num_queries):
    from notifications.preferences import set_preference

    for kind in kinds.all_kinds():
        set_preference(user=alice, kind=kind.code, frequency=kinds.NEVER)
    with django_assert_max_num_queries(6):
        assert alice_client.get(URL).status_code == 200
