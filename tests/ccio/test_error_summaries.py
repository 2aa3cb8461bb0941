"""Every form that can be refused opens with GOV.UK's error summary (each error a link to its
field) and the page title starts "Error:" while there are errors; a form that is not refused has
neither."""

import re

import pytest

from notifications import kinds
from tests import factories

pytestmark = pytest.mark.django_db


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _assert_refused(response, *, link, text, status=(200, 400)):
    html = response.content.decode()
    assert response.status_code in status, response.status_code
    assert "data-error-summary" in html
    assert _title(html).startswith("Error: ")
    assert not _title(html).startswith("Error: Error:")
    summary = html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    assert f'href="#{link}"' in summary
    assert text in summary
    # The field is on the page, so the link lands on it.
    assert f'id="{link}"' in html


def _assert_clean(response):
    html = response.content.decode()
    assert "data-error-summary" not in html
    assert "Error:" not in _title(html)


def test_editorial_schedule_refusal_keeps_the_page_with_a_summary(ed_client):
    draft = factories.ArticleFactory(status="scheduled")
    page = ed_client.get(f"/editor/articles.article/{draft.pk}/")
    _assert_clean(page)
    response = ed_client.post(f"/editor/articles.article/{draft.pk}/schedule/", {"publish_at": "soon"})
    _assert_refused(response, link="id_publish_at", text="Enter a date and time", status=(400,))


def test_event_form_and_its_formsets_list_every_error(ed_client):
    _assert_clean(ed_client.get("/events/new/"))
    response = ed_client.post("/events/new/", {"title": ""})
    _assert_refused(response, link="id_title", text="Title")


def test_agenda_formset_errors_are_summarised(ed_client):
    event = factories.EventFactory(kind="conference")
    _assert_clean(ed_client.get(f"/events/{event.slug}/agenda/edit/"))
    data = {
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-title": "Keynote",
    }
    response = ed_client.post(f"/events/{event.slug}/agenda/edit/", data)
    html = response.content.decode()
    assert "data-error-summary" in html and _title(html).startswith("Error: ")
    assert "(row 1)" in html


def test_registration_answers_are_summarised(alice_client):
    event = factories.EventFactory()
    question = event.questions.create(text="Dietary needs", required=True)
    _assert_clean(alice_client.get(event.get_absolute_url()))
    response = alice_client.post(f"/events/{event.slug}/register/", {f"q_{question.pk}": ""})
    _assert_refused(response, link=f"id_q_{question.pk}", text="This field is required", status=(400,))


def test_new_topic_refusal_is_summarised(alice_client):
    factories.CategoryFactory()
    _assert_clean(alice_client.get("/forum/new-topic/"))
    response = alice_client.post("/forum/new-topic/", {"title": "", "body": ""})
    html = response.content.decode()
    assert "data-error-summary" in html and _title(html).startswith("Error: ")
    assert 'href="#id_body"' in html


def test_notification_preferences_refusal_is_summarised(alice_client):
    data = {kind.code: kind.default for kind in kinds.all_kinds()}
    data["forum.reply"] = "sometimes"
    response = alice_client.post("/account/notifications/", data)
    html = response.content.decode()
    assert "data-error-summary" in html and _title(html).startswith("Error: ")
    assert "Select a valid choice" in html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]


def test_ccio_profile_editor_refusal_is_summarised(ed_client):
    page = ed_client.get("/editor/profiles/new/")
    _assert_clean(page)
    html = page.content.decode()
    management = dict(re.findall(r'name="([a-z_]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"', html))
    response = ed_client.post("/editor/profiles/new/", {**management, "headline": ""})
    html = response.content.decode()
    assert "data-error-summary" in html and _title(html).startswith("Error: ")


def test_cpd_form_title_says_error_once(alice_client):
    response = alice_client.post("/account/cpd/new/", {"title": ""})
    html = response.content.decode()
    assert _title(html).startswith("Error: ") and not _title(html).startswith("Error: Error:")


# --- moderators' forms ----------------------------------------------------------------------


def test_declining_an_application_without_a_reason_is_summarised(mo_client):
    application = factories.MembershipApplicationFactory()
    _assert_clean(mo_client.get("/account/applications/"))
    response = mo_client.post(f"/account/applications/{application.pk}/decide/", {"decision": "reject"})
    _assert_refused(
        response,
        link=f"application-{application.pk}-reason",
        text="Tell the applicant why their application was declined.",
        status=(400,),
    )
    application.refresh_from_db()
    assert application.status == "pending"


def test_an_application_decision_is_refused_to_members(alice_client, client):
    application = factories.MembershipApplicationFactory()
    url = f"/account/applications/{application.pk}/decide/"
    assert alice_client.post(url, {"decision": "reject"}).status_code == 403
    assert client.post(url, {"decision": "reject"}).status_code == 302


def test_hiding_a_flagged_post_without_a_reason_is_summarised(mo_client, alice, bob, members_cat):
    from forum.models import Flag

    topic = factories.make_topic(author=alice, category=members_cat)
    flag = Flag.objects.create(post=topic.posts.first(), reporter=bob, reason="spam")
    response = mo_client.post(f"/forum/moderation/flags/{flag.pk}/", {"action": "hide", "reason": ""})
    _assert_refused(response, link=f"reason-{flag.pk}", text="Give a reason for hiding the post", status=(400,))
    response = mo_client.post(f"/forum/moderation/flags/{flag.pk}/", {"action": "<script>"})
    _assert_refused(response, link=f"reason-{flag.pk}", text="Choose whether to hide", status=(400,))
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
    flag.refresh_from_db()
    assert flag.status == "open"


def test_hiding_a_reported_message_without_a_reason_is_summarised(mo_client, alice, bob):
    from messaging import moderation

    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    rude = factories.make_message(conversation=conversation, author=bob, body="Something rude")
    rude.conversation.is_participant = True  # as alice's page sees it
    report = moderation.report_create(message=rude, reporter=alice, reason="harassment")
    response = mo_client.post(f"/messages/reports/{report.pk}/", {"action": "hide", "reason": "  "})
    _assert_refused(response, link="reason", text="Give a reason", status=(400,))
    report.refresh_from_db()
    assert report.status == "open"
