"""The contact form, the moderators' contact inbox, and what a member's erasure and export do to their messages."""

import pytest
from django.core import mail

from accounts.services import account_erase, export_account
from notifications.models import Notification
from pages.models import ContactMessage
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
]


def _form(**overrides):
    data = {
        "name": "Vera Visitor",
        "email": "vera@example.org",
        "topic": "press",
        "message": "Could one of your members talk to us about EPR go-lives?",
    }
    return data | overrides


def _send(client, capture, **overrides):
    with capture(execute=True):
        return client.post("/contact/", _form(**overrides))


def test_a_visitor_writes_and_moderators_and_the_sender_hear_of_it(
    client, mo, alice, django_capture_on_commit_callbacks
):
    response = _send(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/contact/sent/"
    contact = ContactMessage.objects.get()
    assert (contact.name, contact.email, contact.topic, contact.sender) == (
        "Vera Visitor",
        "vera@example.org",
        "press",
        None,
    )
    told = Notification.objects.get(kind="pages.contact")
    assert told.recipient == mo and told.url == f"/contact/inbox/{contact.pk}/"
    assert not Notification.objects.filter(recipient=alice).exists()
    to = {tuple(m.to): m for m in mail.outbox}
    assert ("vera@example.org",) in to and "We have your message" in to[("vera@example.org",)].subject
    assert "EPR go-lives" in to[("vera@example.org",)].body
    moderator_email = to[(mo.email,)]
    assert moderator_email.extra_headers["List-Unsubscribe"]  # the notification emails' own path and headers
    assert client.get("/contact/sent/").status_code == 200


def test_a_member_s_form_is_filled_in_and_the_message_is_theirs(
    alice_client, alice, django_capture_on_commit_callbacks
):
    content = alice_client.get("/contact/").content.decode()
    assert alice.email in content
    _send(alice_client, django_capture_on_commit_callbacks, email=alice.email)
    assert ContactMessage.objects.get().sender == alice


def test_the_honeypot_keeps_robots_out_quietly(client, mo, django_capture_on_commit_callbacks):
    response = _send(client, django_capture_on_commit_callbacks, phone_number="555 0100")
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and mail.outbox == []


def test_a_double_submit_stores_and_sends_once(client, mo, django_capture_on_commit_callbacks):
    _send(client, django_capture_on_commit_callbacks)
    _send(
        client,
        django_capture_on_commit_callbacks,
        message="  Could one of your members talk to us about EPR go-lives? ",
    )
    assert ContactMessage.objects.count() == 1
    assert Notification.objects.filter(kind="pages.contact").count() == 1
    assert len([m for m in mail.outbox if m.to == ["vera@example.org"]]) == 1


def test_rate_limits_stop_a_flood_and_keep_what_was_typed(client, mo, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_MESSAGES_PER_CLIENT = (2, 600)
    for n in range(2):
        assert _send(client, django_capture_on_commit_callbacks, message=f"Message {n}").status_code == 302
    response = _send(client, django_capture_on_commit_callbacks, message="The third message")
    assert response.status_code == 429
    content = response.content.decode()
    assert "There is a problem" in content and "Too many messages" in content
    assert "The third message" in content
    assert ContactMessage.objects.count() == 2


def test_one_address_cannot_be_flooded_with_acknowledgements(client, mo, settings, django_capture_on_commit_callbacks):
    settings.CONTACT_MESSAGES_PER_EMAIL = (1, 3600)
    assert _send(client, django_capture_on_commit_callbacks, message="One").status_code == 302
    assert (
        _send(client, django_capture_on_commit_callbacks, message="Two", email="VERA@example.org").status_code == 429
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("name", "   ", "This field is required"),
        ("name", "x" * 121, "at most 120 characters"),
        ("name", "Nul\x00", "Null characters are not allowed"),
        ("email", "", "This field is required"),
        ("email", "not-an-address", "Enter a valid email address"),
        ("email", "a@" + "b" * 300 + ".org", "valid email"),
        ("topic", "", "This field is required"),
        ("topic", "lottery", "Select a valid choice"),
        ("message", "", "This field is required"),
        ("message", "  \n ", "This field is required"),
        ("message", "x" * 5001, "at most 5000 characters"),
        ("message", "Nul\x00byte", "Null characters are not allowed"),
    ],
)
def test_bad_input_is_refused_with_an_error_summary_and_keeps_what_was_typed(client, mo, field, value, message):
    response = client.post("/contact/", _form(**{field: value}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "<title>Error:" in content and "There is a problem" in content
    assert message in content
    if field != "message":
        assert "EPR go-lives" in content  # the message typed is kept
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_is_text_in_the_inbox_and_the_emails(
    client, mo, mo_client, hostile, django_capture_on_commit_callbacks
):
    _send(client, django_capture_on_commit_callbacks, name=hostile, message=hostile)
    contact = ContactMessage.objects.get()
    for url in ("/contact/inbox/?show=all", contact.get_absolute_url()):
        content = mo_client.get(url).content.decode().lower()
        assert "<script>alert" not in content and "<img src=x" not in content and "<svg onload" not in content
    ack = next(m for m in mail.outbox if m.to == ["vera@example.org"])
    html = ack.alternatives[0][0].lower()
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html


# --- the moderators' inbox --------------------------------------------------------------


@pytest.fixture
def contact(db):
    from pages import services

    return services.contact_send(name="Vera", email="vera@example.org", topic="event", message="About the conference")


@pytest.mark.parametrize(("who", "expected"), [("visitor", "login"), ("alice", 403), ("ed", 403), ("mo", 200)])
def test_role_matrix_for_the_contact_inbox(who, expected, contact, client, alice_client, ed_client, mo_client, mo):
    clients = {"visitor": client, "alice": alice_client, "ed": ed_client, "mo": mo_client}
    for url in ("/contact/inbox/", contact.get_absolute_url()):
        response = clients[who].get(url)
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == expected
    response = clients[who].post(f"/contact/inbox/{contact.pk}/mark/", {"handled": "on", "note": "Replied by email"})
    contact.refresh_from_db()
    if who == "mo":
        assert response.status_code == 302
        assert contact.is_handled and contact.handled_by == mo and contact.note == "Replied by email"
    else:
        assert not contact.is_handled and contact.note == ""


def test_a_moderator_marks_a_message_handled_and_back(mo_client, contact):
    mo_client.post(f"/contact/inbox/{contact.pk}/mark/", {"handled": "on", "note": "Done"})
    waiting = mo_client.get("/contact/inbox/").content.decode()
    assert 'data-testid="contact-message"' not in waiting
    everything = mo_client.get("/contact/inbox/?show=all").content.decode()
    assert "Handled" in everything
    mo_client.post(f"/contact/inbox/{contact.pk}/mark/", {"note": "Needs another look"})
    contact.refresh_from_db()
    assert not contact.is_handled and contact.note == "Needs another look"


def test_a_bad_note_is_refused_and_kept(mo_client, contact):
    response = mo_client.post(f"/contact/inbox/{contact.pk}/mark/", {"handled": "on", "note": "x" * 5001})
    assert response.status_code == 400 and b"There is a problem" in response.content
    response = mo_client.post(f"/contact/inbox/{contact.pk}/mark/", {"note": "Nul\x00"})
    assert response.status_code == 400
    contact.refresh_from_db()
    assert not contact.is_handled
    assert mo_client.get("/contact/inbox/999999/").status_code == 404


def test_the_inbox_costs_the_same_queries_for_3_and_30_messages(mo_client, django_assert_max_num_queries):
    from pages import services

    def fill(start, stop):
        for n in range(start, stop):
            services.contact_send(name=f"P{n}", email=f"p{n}@example.org", topic="other", message=f"Message {n}")

    fill(0, 3)
    with django_assert_max_num_queries(12) as few:
        mo_client.get("/contact/inbox/")
    fill(3, 30)
    with django_assert_max_num_queries(12) as many:
        mo_client.get("/contact/inbox/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_member_s_messages_are_exported_and_erased_with_the_account(
    alice, alice_client, django_capture_on_commit_callbacks
):
    _send(alice_client, django_capture_on_commit_callbacks, email=alice.email)
    factories.MemberFactory()
    exported = export_account(alice)["contact_messages"]
    assert exported[0]["message"].startswith("Could one") and "note" not in exported[0]
    account_erase(user=alice)
    assert not ContactMessage.objects.exists()
