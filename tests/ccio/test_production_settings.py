"""Production settings are checked in a fresh process, as a server would load them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k9$Vq2!xR7mZp4@Lw8#Tn6^Yb3&Hc5*Jd1(Fg0)Se+Ua-Oi=Ke_Qr~Wt",
    "ALLOWED_HOSTS": "ccio.example",
    "CSRF_TRUSTED_ORIGINS": "https://ccio.example",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_setting_stops_start_up():
    result = manage("check", env={**PRODUCTION_ENV, "EMAIL_PORT": "smtp"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_seed_demo_refuses_to_run_in_production():
    result = manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "only runs with DEBUG on" in result.stderr


SHOW_CACHING = "from django.conf import settings; print(settings.SESSION_ENGINE, settings.CONTENT_CACHE)"


def test_with_redis_sessions_and_content_are_cached():
    result = manage(
        "shell", "--no-imports", "-c", SHOW_CACHING, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/9"}
    )
    assert result.stdout.split() == ["django.contrib.sessions.backends.cached_db", "True"], result.stderr


def test_without_a_shared_cache_nothing_is_cached_per_process():
    result = manage("shell", "--no-imports", "-c", SHOW_CACHING, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["django.contrib.sessions.backends.db", "False"], result.stderr


SHOW_DATABASE_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


def test_a_database_that_stops_answering_costs_a_page_seconds_not_minutes():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://ccio@db.example:5432/ccio"}
    result = manage("shell", "--no-imports", "-c", SHOW_DATABASE_OPTIONS, env=env)
    assert result.returncode == 0, result.stderr
    assert "'connect_timeout': 5" in result.stdout
    assert "-c statement_timeout=20000" in result.stdout
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW_DATABASE_OPTIONS,
        env={**env, "DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_STATEMENT_TIMEOUT": "0"},
    )
    assert "'connect_timeout': 2" in result.stdout
    assert "statement_timeout" not in result.stdout
    result = manage("shell", "--no-imports", "-c", SHOW_DATABASE_OPTIONS, env={**PRODUCTION_ENV})
    assert "'timeout': 20" in result.stdout  # SQLite waits for a lock this long
