"""The outbox: every email recorded with the change that causes it, sent once, retried, never failing a request."""

import datetime as dt
import io
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from notifications import notify, outbox, send_email
from notifications.models import Notification, OutgoingEmail
from notifications.services import notify_many
from tests import factories


def _refusing(error):
    """The delivery connection, failing every send with `error`."""
    connection = mock.Mock()
    connection.send_messages.side_effect = error
    return mock.patch("notifications.outbox._connection", return_value=connection)


def _due_now(row):
    OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


@pytest.fixture
def enqueue_fails():
    """Queueing the sending task fails (a full task table, a worker database gone...)."""
    with mock.patch(
        "django_tasks.backends.immediate.ImmediateBackend.enqueue", side_effect=RuntimeError("cannot queue")
    ):
        yield


# --- recorded with the change ------------------------------------------------------


def test_a_notification_email_is_recorded_in_the_same_transaction(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(alice, "forum.reply", title="replied", url="/forum/")
    row = OutgoingEmail.objects.get()
    assert row.notification == notification and row.status == OutgoingEmail.Status.PENDING
    assert row.purpose == f"notification:{notification.pk}"


def test_notify_many_records_one_email_each_in_three_queries(django_assert_max_num_queries, db):
    people = [factories.MemberFactory() for _ in range(12)]
    with django_assert_max_num_queries(3):
        notify_many(people, "editorial.review", title="sent an item for review", url="/editor/")
    assert OutgoingEmail.objects.count() == 12


def test_a_failure_to_queue_never_fails_the_request_and_nothing_is_lost(
    enqueue_fails, alice, members_cat, django_capture_on_commit_callbacks
):
    """The issue's case: a reply with 16 watchers, and an event registration, while queueing fails."""
    from forum.models import Watch

    topic = factories.make_topic(author=factories.MemberFactory(), category=members_cat, title="Watched")
    for _ in range(16):
        Watch.objects.create(user=factories.MemberFactory(), topic=topic, level=Watch.Level.WATCHING)
    event = factories.EventFactory()
    client = Client()
    client.force_login(alice)
    mail.outbox.clear()
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Our go-live went well."})
        registration = client.post(f"/events/{event.slug}/register/")

    assert reply.status_code == 302 and registration.status_code == 302
    assert mail.outbox == []
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count() == 18  # 17 watchers + 1
    outbox.send_due()  # the worker's sweep
    assert len(mail.outbox) == 18
    assert sum("You have a place" in m.subject for m in mail.outbox) == 1


# --- sending, once ------------------------------------------------------------------


def test_sent_once_however_often_it_is_asked(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(alice, "forum.reply", title="replied", url="/forum/")
    row = OutgoingEmail.objects.get()
    assert outbox.deliver(row.pk) is None and outbox.send_due() == {}
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    notification.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.attempts == 1 and notification.emailed_at


def test_each_purpose_has_its_own_stable_message_id(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(alice, "forum.reply", title="one", url="/forum/")
        notify(alice, "forum.reply", title="two", url="/forum/")
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert len(set(ids)) == 2
    row = OutgoingEmail.objects.order_by("pk").first()
    assert ids[0] == outbox.message_id_for(row.purpose) == outbox.message_id_for(row.purpose)


# --- temporary and permanent failures --------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        smtplib.SMTPServerDisconnected("gone"),
        smtplib.SMTPDataError(451, b"Try again later"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}),
    ],
)
def test_a_temporary_failure_is_retried_with_back_off(error, alice, django_capture_on_commit_callbacks):
    with _refusing(error), django_capture_on_commit_callbacks(execute=True):
        notify(alice, "forum.reply", title="replied", url="/forum/")
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.PENDING and row.attempts == 1
    assert dt.timedelta(seconds=50) < row.next_attempt_at - timezone.now() <= dt.timedelta(seconds=60)
    assert type(error).__name__ in row.last_error
    assert outbox.send_due() == {}  # not due yet
    _due_now(row)
    with _refusing(error):
        outbox.send_due()
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at - timezone.now() > dt.timedelta(seconds=110)  # doubled
    _due_now(row)
    assert outbox.send_due() == {"sent": 1}
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "error",
    [smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), smtplib.SMTPDataError(554, b"Spam")],
)
def test_a_permanent_failure_is_marked_failed_and_can_be_retried_by_hand(
    error, alice, django_capture_on_commit_callbacks
):
    with _refusing(error), django_capture_on_commit_callbacks(execute=True):
        notify(alice, "forum.reply", title="replied", url="/forum/")
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.FAILED
    out = io.StringIO()
    call_command("outbox", stdout=out)
    assert "Failed: 1" in out.getvalue() and f"#{row.pk} failed" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outbox", "--retry-failed", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and len(mail.outbox) == 1


def test_too_many_temporary_failures_end_as_failed(alice, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_MAX_ATTEMPTS = 3
    with _refusing(ConnectionRefusedError(111, "refused")):
        with django_capture_on_commit_callbacks(execute=True):
            notify(alice, "forum.reply", title="replied", url="/forum/")
        row = OutgoingEmail.objects.get()
        for _ in range(2):
            _due_now(row)
            outbox.send_due()
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.FAILED and row.attempts == 3


def test_an_email_no_longer_wanted_is_cancelled_not_sent(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(alice, "forum.reply", title="replied", url="/forum/")
    alice.is_active = False
    alice.save()
    outbox.send_due()
    assert mail.outbox == [] and OutgoingEmail.objects.get().status == OutgoingEmail.Status.CANCELLED


# --- a worker that died ------------------------------------------------------------------


def test_an_email_left_sending_by_a_dead_worker_is_sent_after_the_timeout(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(alice, "forum.reply", title="replied", url="/forum/")
    row = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)
    assert outbox.send_due() == {}  # another worker is on it
    OutgoingEmail.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=6))
    assert outbox.send_due() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_a_task_left_running_by_a_dead_worker_goes_back_in_the_queue(db):
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.create(
        args_kwargs={"args": [[1]], "kwargs": {}},
        task_path="notifications.outbox.send_outgoing_emails",
        backend_name="default",
        run_after=timezone.now(),
        status="RUNNING",
        started_at=timezone.now() - dt.timedelta(hours=1),
        exception_class_path="",
        traceback="",
    )
    fresh = DBTaskResult.objects.create(
        args_kwargs={"args": [[2]], "kwargs": {}},
        task_path="notifications.outbox.send_outgoing_emails",
        backend_name="default",
        run_after=timezone.now(),
        status="RUNNING",
        started_at=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    assert outbox.requeue_stale_tasks() == 1
    result.refresh_from_db()
    fresh.refresh_from_db()
    assert result.status == "READY" and fresh.status == "RUNNING"


# --- email to an address, and every other Django email ----------------------------------------


def test_send_email_to_a_visitor_once_per_purpose(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email("visitor@example.org", subject="We got your message", body="Thank you.", purpose="contact-ack:7")
        send_email("visitor@example.org", subject="We got your message", body="Thank you.", purpose="contact-ack:7")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["visitor@example.org"] and mail.outbox[0].subject == "We got your message"
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id_for("email:contact-ack:7")


def test_send_email_with_an_html_version(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email(["a@example.org"], subject="Hi", body="Plain", html="<p>Rich</p>", purpose="x")
    assert mail.outbox[0].alternatives[0][0] == "<p>Rich</p>"


def test_every_django_email_goes_through_the_outbox(settings, db, django_capture_on_commit_callbacks):
    """allauth's emails and any send_mail: recorded first, then sent by the delivery backend."""
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = outbox.OUTBOX_BACKEND
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with _refusing(ConnectionRefusedError(111, "refused")), django_capture_on_commit_callbacks(execute=True):
        send_mail("Confirm your address", "Click the link.", None, ["new@nhs.net"])
    row = OutgoingEmail.objects.get()
    assert row.status == OutgoingEmail.Status.PENDING and row.recipients == ["new@nhs.net"]
    _due_now(row)
    outbox.send_due()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0].message().as_bytes()
    assert b"Subject: Confirm your address" in sent and b"Click the link." in sent


def test_signing_up_while_the_mail_server_is_down_works_and_the_email_follows(
    settings, client, db, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = outbox.OUTBOX_BACKEND
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    data = {
        "email": "newcomer@nhs.net",
        "username": "newcomer",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
    }
    with _refusing(ConnectionRefusedError(111, "refused")), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", data)
    assert response.status_code == 302
    row = OutgoingEmail.objects.get()
    assert row.recipients == ["newcomer@nhs.net"] and row.status == OutgoingEmail.Status.PENDING
    _due_now(row)
    outbox.send_due()
    assert len(mail.outbox) == 1


def test_erasing_a_member_erases_the_emails_owed_to_them(alice, django_capture_on_commit_callbacks):
    from notifications.services import erase_member

    with django_capture_on_commit_callbacks(execute=False):
        notify(alice, "forum.reply", title="replied", url="/forum/")
        send_email(alice.email, subject="For you", body="x", purpose="alice-only")
    erase_member(user=alice)
    assert not OutgoingEmail.objects.exists()
    assert not Notification.objects.filter(recipient=alice).exists()


def test_old_sent_emails_are_forgotten(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(alice, "forum.reply", title="replied", url="/forum/")
    OutgoingEmail.objects.update(created_at=timezone.now() - dt.timedelta(days=40))
    out = io.StringIO()
    call_command("outbox", "--prune", "30", stdout=out)
    assert "Forgot 1 email(s)" in out.getvalue() and not OutgoingEmail.objects.exists()
