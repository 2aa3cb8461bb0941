"""Two runs of the weekly summary, or two contact submits, at the same moment (PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from notifications import weekly
from notifications.models import OutgoingEmail, SummaryConsent, WeeklySummary
from pages import services as pages_services
from pages.models import ContactMessage
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's own connections"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(work, count):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_servers_sending_this_week_send_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    alice = factories.MemberFactory()
    factories.ArticleFactory(title="Lessons from a go-live", slug="lessons")
    weekly.record_choice(user=alice, agreed=True, method=SummaryConsent.Method.ACCOUNT)
    results, errors = _at_once(lambda: weekly.send_summary(user=alice), 3)
    assert errors == []
    assert len([r for r in results if r is not None]) == 1
    assert WeeklySummary.objects.count() == 1 and OutgoingEmail.objects.filter(recipient=alice).count() == 1


def test_two_consents_at_once_record_one_row():
    alice = factories.MemberFactory()
    results, errors = _at_once(
        lambda: weekly.record_choice(user=alice, agreed=True, method=SummaryConsent.Method.ACCOUNT), 3
    )
    assert errors == [] and SummaryConsent.objects.filter(user=alice).count() == 1


def test_a_contact_message_sent_twice_at_once_is_stored_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    factories.ModeratorFactory()

    def send():
        return pages_services.contact_send(name="Vera", email="vera@example.org", topic="press", message="Hello")

    results, errors = _at_once(send, 3)
    assert errors == []
    assert ContactMessage.objects.count() == 1 and len({r.pk for r in results}) == 1
    assert OutgoingEmail.objects.filter(purpose__startswith="email:contact-ack:").count() == 1
