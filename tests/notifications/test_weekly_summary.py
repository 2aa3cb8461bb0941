"""The weekly summary email: recorded consent, what it holds for whom, once a week, one-click withdrawal."""

import datetime as dt
import html
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.services import account_erase, export_account
from forum import moderation
from notifications import weekly
from notifications.emails import unsubscribe_url
from notifications.models import OutgoingEmail, SummaryConsent, WeeklySummary
from notifications.tokens import WEEKLY_SUMMARY
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "jane.smith@nhs.net",
    "username": "janesmith",
    "display_name": "Dr Jane Smith",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def _consent(user):
    return weekly.record_choice(user=user, agreed=True, method=SummaryConsent.Method.ACCOUNT)


@pytest.fixture
def news(db, bob, members_cat, public_cat, settings):
    """A week with something in every section."""
    settings.FORUM_NEW_MEMBER_DAYS = 0
    factories.make_topic(author=bob, category=members_cat, title="Members-only EPR go-live", body="Tell me.")
    factories.make_topic(author=bob, category=public_cat, title="Public question on coding", body="Anyone?")
    factories.ArticleFactory(title="Lessons from a go-live", slug="lessons")
    factories.ResourceFactory(title="Members-only job plan", slug="job-plan", access="members")
    factories.ResourceFactory(title="Public safety course", slug="safety-course")
    factories.EventFactory(title="Winter roundtable", slug="winter")
    factories.EventFactory(title="Full roundtable", slug="full", capacity=0)


def _send(capture):
    with capture(execute=True):
        call_command("send_weekly_summary", stdout=io.StringIO())


def _summaries_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "weekly summary" in m.subject]


# --- consent ---------------------------------------------------------------------------------


def test_the_sign_up_box_is_separate_unticked_and_has_the_exact_wording(client):
    content = client.get(reverse("account_signup")).content.decode()
    assert html.escape(weekly.WORDING, quote=False) in content or weekly.WORDING.replace("'", "&#x27;") in content
    box = content[content.index('name="weekly_summary"') - 200 : content.index('name="weekly_summary"') + 200]
    assert 'type="checkbox"' in box and "checked" not in box


def test_ticking_the_box_at_sign_up_records_consent(client):
    client.post(reverse("account_signup"), {**SIGNUP, "weekly_summary": "on"})
    record = SummaryConsent.objects.get()
    assert record.user.username == "janesmith" and record.agreed
    assert record.method == "signup" and record.wording == weekly.WORDING


def test_leaving_it_unticked_records_nothing(client):
    client.post(reverse("account_signup"), SIGNUP)
    assert not SummaryConsent.objects.exists()


def test_the_account_page_records_each_consent_and_withdrawal_as_its_own_row(alice_client, alice):
    page = alice_client.get("/account/").content.decode()
    assert 'data-testid="weekly-summary-choice"' in page and 'id="id_weekly_summary">' in page  # unticked
    url = reverse("notifications:weekly_summary_choice")
    alice_client.post(url, {"weekly_summary": "on"})
    alice_client.post(url, {"weekly_summary": "on"})  # no change: nothing recorded
    assert 'id="id_weekly_summary" checked' in alice_client.get("/account/").content.decode()
    alice_client.post(url, {})
    rows = list(SummaryConsent.objects.filter(user=alice).order_by("created_at", "id"))
    assert [(r.agreed, r.method) for r in rows] == [(True, "account"), (False, "account")]
    assert not weekly.has_consented(alice)


def test_a_consent_record_is_never_changed(alice):
    record = _consent(alice)
    record.agreed = False
    with pytest.raises(ValueError, match="never changed"):
        record.save()


def test_only_members_signed_in_can_change_the_choice(client):
    response = client.post(reverse("notifications:weekly_summary_choice"), {"weekly_summary": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SummaryConsent.objects.exists()


# --- who gets it --------------------------------------------------------------------------


def test_nothing_goes_to_a_member_who_never_consented_or_withdrew(
    news, alice, bob, django_capture_on_commit_callbacks
):
    carol = factories.MemberFactory()
    _consent(bob)
    weekly.record_choice(user=bob, agreed=False, method="account")
    _consent(carol)
    _send(django_capture_on_commit_callbacks)
    assert _summaries_to(alice) == [] and _summaries_to(bob) == []
    assert len(_summaries_to(carol)) == 1


def test_a_consenting_member_gets_what_they_missed_once_a_week(news, alice, django_capture_on_commit_callbacks):
    _consent(alice)
    _send(django_capture_on_commit_callbacks)
    _send(django_capture_on_commit_callbacks)  # again the same week: nothing more
    [email] = _summaries_to(alice)
    assert WeeklySummary.objects.filter(recipient=alice).count() == 1
    body = email.body
    for expected in (
        "Members-only EPR go-live",
        "Public question on coding",
        "Lessons from a go-live",
        "Members-only job plan",
        "Winter roundtable",
        "20 places left",
    ):
        assert expected in body
    assert "Full roundtable" not in body
    unsubscribe = unsubscribe_url(alice, WEEKLY_SUMMARY)
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in body and email.alternatives[0][1] == "text/html"
    assert OutgoingEmail.objects.get(recipient=alice).status == "sent"


def test_a_new_week_brings_a_new_summary_of_what_happened_since_the_last(news, alice):
    _consent(alice)
    week_ago = timezone.now() - dt.timedelta(days=8)
    factories.ArticleFactory(title="Old news", slug="old-news", publish_at=week_ago - dt.timedelta(days=1))
    first = weekly.send_summary(user=alice, now=week_ago)  # the events coming up were news then
    assert first is not None
    second = weekly.send_summary(user=alice, last_sent=first.sent_at)
    assert second.covers_from == first.sent_at and second.week != first.week
    sent = OutgoingEmail.objects.get(purpose__startswith=f"weekly:{alice.pk}:{second.week.isoformat()}")
    titles = [i["title"] for section in sent.context["weekly_summary"] for i in section["items"]]
    assert "Lessons from a go-live" in titles and "Old news" not in titles
    assert weekly.send_summary(user=alice, last_sent=first.sent_at) is None  # once that week


def test_an_empty_week_sends_nothing(alice, django_capture_on_commit_callbacks):
    _consent(alice)
    _send(django_capture_on_commit_callbacks)
    assert _summaries_to(alice) == [] and not WeeklySummary.objects.exists()


def test_nothing_members_only_goes_to_someone_who_lost_membership(news, alice, django_capture_on_commit_callbacks):
    _consent(alice)
    alice.groups.remove(Group.objects.get(name=roles.MEMBERS))
    _send(django_capture_on_commit_callbacks)
    [email] = _summaries_to(alice)
    assert "Members-only EPR go-live" not in email.body and "Members-only job plan" not in email.body
    assert "Public question on coding" in email.body and "Public safety course" in email.body


def test_hidden_topics_never_appear_even_for_moderators(
    news, mo, members_cat, bob, django_capture_on_commit_callbacks
):
    hidden = factories.make_topic(author=bob, category=members_cat, title="Spam that was hidden", body="Buy now")
    moderation.topic_moderate(topic=hidden, moderator=mo, action="hide_topic", reason="Spam")
    _consent(mo)
    _send(django_capture_on_commit_callbacks)
    [email] = _summaries_to(mo)
    assert "Spam that was hidden" not in email.body


# --- withdrawal by the one-click link ------------------------------------------------------


def test_the_one_click_link_withdraws_consent_on_record(news, alice, client, django_capture_on_commit_callbacks):
    _consent(alice)
    _send(django_capture_on_commit_callbacks)
    path = unsubscribe_url(alice, WEEKLY_SUMMARY).split("://", 1)[1].split("/", 1)[1]
    assert b"Stop the weekly summary email" in client.get(f"/{path}").content
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})  # as a mail client sends it, no CSRF
    assert response.status_code == 200 and b"withdrew your consent" in response.content
    latest = SummaryConsent.objects.filter(user=alice).order_by("-created_at", "-id").first()
    assert (latest.agreed, latest.method) == (False, "email_link")
    assert SummaryConsent.objects.filter(user=alice).count() == 2
    WeeklySummary.objects.all().delete()
    mail.outbox.clear()
    _send(django_capture_on_commit_callbacks)
    assert _summaries_to(alice) == []


def test_a_summary_queued_before_a_withdrawal_is_not_sent(news, alice, django_capture_on_commit_callbacks):
    _consent(alice)
    weekly.send_summary(user=alice)  # recorded, not yet sent (no commit callbacks run)
    weekly.record_choice(user=alice, agreed=False, method="email_link")
    from notifications import outbox

    outbox.send_due()
    assert _summaries_to(alice) == []
    assert OutgoingEmail.objects.get(recipient=alice).status == "cancelled"


def test_a_tampered_link_changes_nothing(alice, client):
    _consent(alice)
    response = client.post("/notifications/unsubscribe/not-a-token/")
    assert response.status_code == 400
    assert weekly.has_consented(alice)


# --- cost -------------------------------------------------------------------------------------


def test_the_send_costs_the_same_queries_for_each_member(news, django_capture_on_commit_callbacks):
    def run(n):
        WeeklySummary.objects.all().delete()
        OutgoingEmail.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert len(weekly.send_summaries()) == n
        return len(queries)

    people = [factories.MemberFactory() for _ in range(6)]
    for person in people[:2]:
        _consent(person)
    two = run(2)
    for person in people[2:4]:
        _consent(person)
    four = run(4)
    for person in people[4:]:
        _consent(person)
    six = run(6)
    per_member = (six - four) // 2
    assert six - four == four - two and per_member <= 12


# --- export and erasure --------------------------------------------------------------------------


def test_consent_records_are_exported_and_erased_with_the_account(news, alice, django_capture_on_commit_callbacks):
    _consent(alice)
    weekly.send_summary(user=alice)
    section = export_account(alice)["notifications"]["weekly_summary"]
    assert section["consent_records"][0]["agreed"] is True
    assert section["consent_records"][0]["wording"] == weekly.WORDING
    assert section["consent_records"][0]["how"] == "Changed the choice on the account page"
    assert len(section["summaries_sent"]) == 1
    account_erase(user=alice)
    assert not SummaryConsent.objects.exists() and not WeeklySummary.objects.exists()


# --- the editors' preview ---------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "expected"), [("visitor", "login"), ("alice", 403), ("mo", 403), ("ed", 200)])
def test_role_matrix_for_the_preview(who, expected, news, alice, client, alice_client, mo_client, ed_client):
    clients = {"visitor": client, "alice": alice_client, "mo": mo_client, "ed": ed_client}
    response = clients[who].get(f"{reverse('notifications:weekly_summary_preview')}?member={alice.username}")
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == expected
    if who == "ed":
        content = response.content.decode()
        assert 'data-testid="weekly-preview"' in content and "Members-only EPR go-live" in content
        assert "has not asked for the weekly summary" in content
    assert not mail.outbox and not WeeklySummary.objects.exists()


@pytest.mark.parametrize("member", ["nobody-by-that-name", "x" * 255, "nul\x00byte", "<script>alert(1)</script>", ""])
def test_hostile_preview_input_gets_a_clear_400(ed_client, member):
    response = ed_client.get(reverse("notifications:weekly_summary_preview"), {"member": member})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content and "<script>alert(1)" not in content


def test_the_preview_of_an_empty_week_says_nothing_would_be_sent(ed_client, alice):
    response = ed_client.get(reverse("notifications:weekly_summary_preview"), {"member": alice.email})
    assert b'data-testid="weekly-preview-empty"' in response.content


def test_the_preview_costs_the_same_queries_for_few_and_many_things(
    ed_client, alice, bob, members_cat, settings, django_assert_max_num_queries
):
    settings.FORUM_NEW_MEMBER_DAYS = 0
    url = f"{reverse('notifications:weekly_summary_preview')}?member={alice.username}"

    def add(start, stop):
        for n in range(start, stop):
            factories.ArticleFactory(title=f"Article {n}", slug=f"article-{n}")
            factories.EventFactory(title=f"Event {n}", slug=f"event-{n}")
            factories.make_topic(author=bob, category=members_cat, title=f"Topic {n}", body=f"Body {n}")

    add(0, 2)
    ed_client.get(url)  # the editor's own header counts are kept from here on
    with django_assert_max_num_queries(20) as few:
        ed_client.get(url)
    add(2, 12)
    with django_assert_max_num_queries(20) as many:
        assert ed_client.get(url).content.decode().count("<li><a href=") == 15
    assert len(many.captured_queries) == len(few.captured_queries)


def test_open_surveys_appear_until_the_member_answers(alice, bob, django_capture_on_commit_callbacks):
    from surveys.models import Participation

    survey = factories.SurveyFactory(title="CCIO survey 2027", anonymous=True)
    _consent(alice)
    _consent(bob)
    Participation.objects.create(survey=survey, member=bob)
    _send(django_capture_on_commit_callbacks)
    assert "CCIO survey 2027" in _summaries_to(alice)[0].body
    assert _summaries_to(bob) == [], "the survey was all there was, and Bob has answered it"
