from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD


def test_visitors_are_sent_to_sign_in(visitor_client, db):
    response = visitor_client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_changes_their_display_name(alice_client, alice):
    response = alice_client.post(reverse("accounts:settings"), {"display_name": "Dr Alice Adams-Smith"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Dr Alice Adams-Smith"


def test_a_too_long_display_name_is_refused_and_kept(alice_client, alice):
    response = alice_client.post(reverse("accounts:settings"), {"display_name": "x" * 81})
    assert response.status_code == 200
    assert b"at most 80 characters" in response.content
    assert b"x" * 81 in response.content
    alice.refresh_from_db()
    assert alice.display_name == "Dr Alice Adams"


def test_posting_role_fields_changes_nothing(alice_client, alice):
    alice_client.post(reverse("accounts:settings"), {"display_name": "Alice", "is_staff": "on", "is_superuser": "on"})
    alice.refresh_from_db()
    assert not alice.is_staff and not alice.is_superuser


def test_settings_links_to_email_password_mfa_and_sessions(alice_client):
    html = alice_client.get(reverse("accounts:settings")).content.decode()
    for name in ["account_email", "account_change_password", "mfa_index", "usersessions_list"]:
        assert f'href="{reverse(name)}"' in html


def test_a_member_sees_their_other_sessions(alice_client):
    response = alice_client.get(reverse("usersessions_list"))
    assert response.status_code == 200


def test_deleting_an_account_asks_for_the_password_again(alice_client):
    response = alice_client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_deleting_an_account_erases_personal_data(alice_client, alice):
    alice_client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = alice_client.post(reverse("accounts:delete"), {"confirm": "delete"})
    assert response.status_code == 200  # must type DELETE exactly
    response = alice_client.post(reverse("accounts:delete"), {"confirm": "DELETE"})
    assert response.status_code == 302
    erased = User.objects.get(pk=alice.pk)
    assert erased.public_name == "Former member"
    assert "alice" not in erased.email
    assert erased.display_name == ""
    assert not erased.is_active
    assert not erased.has_usable_password()
    assert not EmailAddress.objects.filter(user=erased).exists()
    assert "_auth_user_id" not in alice_client.session
