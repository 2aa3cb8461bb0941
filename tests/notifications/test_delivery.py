"""Real delivery: `manage.py worker` in its own process, a mail server of our own (aiosmtpd) that
refuses, then accepts. Every email arrives exactly once; a worker killed mid-send loses nothing.
(PostgreSQL only: the worker process must see the test's database.)
"""

import asyncio
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from notifications import notify, send_email
from notifications.models import OutgoingEmail
from tests import factories
from tests.processes import ROOT, clean_env, free_port, stop

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a shared database"),
    pytest.mark.django_db(transaction=True),
]


class MailServer:
    """An SMTP server on a port of our own: mode "refuse" answers 451 to every message, "accept" keeps them.

    `hold` makes it wait, mid-message, until released (to kill the sender then).
    """

    def __init__(self, port):
        self.port = port
        self.mode = "accept"
        self.received = []
        self.hold = False
        self.holding = threading.Event()
        self.release = threading.Event()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 Connection lost before the end of the message"
        if self.mode == "refuse":
            return "451 4.3.0 Please try again later"
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self):
        return [message["Message-ID"] for message in self.received]


def _worker(smtp_port, log_path):
    db = connection.settings_dict
    env = clean_env(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="delivery-tests-k9$Vq2!xR7mZp4@Lw8#Tn6^Yb3&Hc5*Jd1(Fg0)Se+Ua-Oi=Ke",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_port,
        EMAIL_TIMEOUT=5,
        EMAIL_RETRY_BASE_SECONDS=1,
        EMAIL_RETRY_MAX_SECONDS=1,
        EMAIL_SENDING_TIMEOUT=3,
        TASKS_STALE_SECONDS=3,
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    log = open(log_path, "a")  # noqa: SIM115 - closed with the process by the fixture
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--no-reload",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--sweep-every",
            "0.5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(smtp_port):
        process = _worker(smtp_port, tmp_path / f"worker-{len(started)}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        stop(process)
        process.log.close()


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _wait_for(condition, timeout=40, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {message}")


def _all_sent(count):
    return lambda: OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == count


def test_a_mail_server_that_refuses_then_accepts_gets_every_email_exactly_once(queued, workers):
    port = free_port()
    server = MailServer(port)
    members = [factories.MemberFactory() for _ in range(5)]
    workers(port)  # the mail server is not even listening yet

    for member in members:
        notify(member, "events.changed", title="Your event has moved", url="/events/")
    send_email("visitor@example.org", subject="We got your message", body="Thank you.", purpose="contact-ack:1")
    _wait_for(
        lambda: OutgoingEmail.objects.filter(attempts__gte=1, status="pending").count() == 6, message="first attempts"
    )
    assert all("refused" in row.last_error.lower() for row in OutgoingEmail.objects.all())

    server.mode = "refuse"
    server.start()
    try:
        _wait_for(
            lambda: OutgoingEmail.objects.filter(last_error__contains="451").count() == 6, message="451 refusals"
        )
        server.mode = "accept"
        _wait_for(_all_sent(6), message="every email sent")
        time.sleep(2)  # long enough for any repeat to show up
    finally:
        server.stop()

    ids = server.message_ids()
    assert len(ids) == 6 == len(set(ids))
    assert sorted(m["To"] for m in server.received) == sorted([m.email for m in members] + ["visitor@example.org"])
    assert all(row.attempts >= 3 for row in OutgoingEmail.objects.all())


def test_a_worker_killed_mid_send_loses_nothing(queued, workers):
    port = free_port()
    server = MailServer(port).start()
    server.hold = True
    member = factories.MemberFactory()
    first = workers(port)
    try:
        notify(member, "events.changed", title="Your event has moved", url="/events/")
        assert server.holding.wait(30), "the worker never reached the mail server"
        first.send_signal(signal.SIGKILL)  # mid-message: the server never accepted it
        first.wait(10)
        server.hold = False
        server.release.set()
        row = OutgoingEmail.objects.get()
        assert row.status == OutgoingEmail.Status.SENDING

        workers(port)  # a new worker picks it up once the dead one's claim is old enough
        _wait_for(_all_sent(1), message="the email sent by the second worker")
        time.sleep(4)  # the dead worker's task, put back in the queue, must not send it again
    finally:
        server.stop()

    assert len(server.received) == 1
    row.refresh_from_db()
    assert row.attempts == 2 and row.claimed_by != ""


def test_two_workers_send_each_email_once(queued, workers):
    port = free_port()
    server = MailServer(port).start()
    members = [factories.MemberFactory() for _ in range(30)]
    try:
        workers(port)
        workers(port)
        for member in members:
            notify(member, "events.changed", title="Your event has moved", url="/events/")
        _wait_for(_all_sent(30), message="every email sent")
        time.sleep(2)
    finally:
        server.stop()
    ids = server.message_ids()
    assert len(ids) == 30 == len(set(ids))
