"""A newcomer's first run: make help, make run's last words, the PostgreSQL
database made on demand, and a clear line when the browser tests cannot run."""

import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core import mail
from django.core.management import call_command
from django.db import connection

from accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE, ROLE_LABELS
from notifications.models import Notification

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_seed_demo_ends_with_the_accounts_and_sends_no_email(settings):
    # transaction=True: seeding's notification emails are sent on commit, as in `make run`.
    settings.DEBUG = True
    for _ in range(2):  # the first run creates everything, the second finds it there
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        lines = out.getvalue().splitlines()
        start = lines.index(f"Demo accounts: sign in with the email address; the password for all is {DEMO_PASSWORD}")
        assert lines[start - 1].startswith("Demo data is ready")
        accounts = lines[start + 1 : start + 1 + len(DEMO_PEOPLE)]
        for line, (username, _, email, _) in zip(accounts, DEMO_PEOPLE, strict=True):
            assert line.split(maxsplit=1) == [email, ROLE_LABELS.get(username, "member")]
        secrets = {a.user.email: decrypt(a.data["secret"]) for a in Authenticator.objects.select_related("user").all()}
        assert set(secrets) == {"admin@nhs.net", "ed.editor@nhs.net", "mo.moderator@nhs.net"}
        assert [line.split() for line in lines[-3:]] == [[email, secret] for email, secret in secrets.items()]
        assert "manage.py totp_code ed" in lines[-4]
    assert Notification.objects.filter(kind="forum.reply").exists()  # there was something to email
    assert mail.outbox == []


def test_seed_demo_roles_are_true_to_the_data(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    from accounts.models import User
    from core.permissions import is_editor, is_member, is_moderator

    users = {u.username: u for u in User.objects.all()}
    assert is_editor(users["admin"]) and is_moderator(users["admin"])
    assert is_editor(users["ed"]) and not is_moderator(users["ed"])
    assert is_moderator(users["mo"]) and not is_editor(users["mo"])
    assert not is_member(users["claire"])
    for username, *_ in DEMO_PEOPLE:
        if username not in ROLE_LABELS:
            assert is_member(users[username]) and not is_editor(users[username]) and not is_moderator(users[username])


def run(args, *, env=None, timeout=300):
    unset = ("CI", "DATABASE_URL", "CHROMIUM_PATH", "MAKEFLAGS")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        args, cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )


def test_make_help_names_every_target():
    result = run(["make", "--no-print-directory", "help"])
    assert result.returncode == 0, result.stderr
    targets = dict(re.findall(r"^  (\w+) +(.+)$", result.stdout, re.MULTILINE))
    assert {"run", "test", "bench", "format", "lint", "setup", "clean"} <= set(targets)
    assert "PORT=8001" in targets["run"]


def test_make_run_serves_on_the_port_asked_for():
    result = run(["make", "--dry-run", "run", "PORT=8765"])
    assert "manage.py runserver 127.0.0.1:8765" in result.stdout


def _browser_tests(tmp_path, **env):
    """Run one browser test file in a fresh pytest where Chromium cannot be found."""
    return run(
        [sys.executable, "-m", "pytest", "tests/browser/test_notifications.py", "--maxfail=1", "-q"],
        env={
            "PATH": str(Path(sys.executable).parent),
            "CHROMIUM_PATH": str(tmp_path / "no-chromium"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        },
    )


def test_skipped_browser_tests_are_counted_with_how_to_install_chromium(tmp_path):
    result = _browser_tests(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    last_lines = result.stdout.splitlines()[-2:]
    assert last_lines[0] == (
        f"2 browser tests skipped: Chromium not found at {tmp_path / 'no-chromium'}. Install it with "
        "`sudo apt-get install chromium` (Debian) or point CHROMIUM_PATH at a Chromium."
    )
    assert "2 skipped" in last_lines[1]


def test_in_ci_a_missing_chromium_fails_the_browser_tests(tmp_path):
    result = _browser_tests(tmp_path, CI="true")
    assert result.returncode == 1, result.stdout + result.stderr
    # Launching Chromium fails in the browser fixture, so the first test errors at setup.
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert str(tmp_path / "no-chromium") in result.stdout


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="creates a PostgreSQL database")
def test_ensure_database_creates_a_missing_postgresql_database(db):
    name = f"ccio_ensure_{uuid.uuid4().hex[:12]}"
    url = "postgres://{USER}@{HOST}:{PORT}/".format(**connection.settings_dict) + name
    env = {"DATABASE_URL": url, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    try:
        first = run([sys.executable, "manage.py", "ensure_database"], env=env)
        assert first.returncode == 0, first.stderr
        assert first.stdout == f"Created PostgreSQL database {name}.\n"
        again = run([sys.executable, "manage.py", "ensure_database"], env=env)
        assert (again.returncode, again.stdout) == (0, "")
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")


def test_ensure_database_has_nothing_to_do_on_sqlite(tmp_path):
    result = run([sys.executable, "manage.py", "ensure_database"], env={"DATABASE_URL": f"sqlite:///{tmp_path}/x"})
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
