"""`make bench`: how fast the site is, measured the same way every time.

Seeds (or reuses) a PostgreSQL database `ccio_bench` (BENCH_DB_NAME), serves
the site with gunicorn (2 workers, DEBUG off, persistent connections) on
127.0.0.1, loads each page with wrk (8 connections, BENCH_DURATION = 20 seconds
after a warm-up), as a visitor and as a signed-in member (a session cookie for
bench-member-0001), measures a trivial view on the same stack as the floor,
counts SQL queries and writes per page in-process, times a reply that 3,000
watchers are told about, and writes bench/results/latest.{md,json}.

BENCH_REDIS_URL (redis://127.0.0.1:6379/5) is the Redis database the run uses and empties.
BENCH_SCALE=small seeds the test suite's small data set instead, to try the
benchmark itself quickly; its figures mean nothing.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

DB_NAME = os.environ.get("BENCH_DB_NAME", "ccio_bench")
PG = "postgres://postgres@127.0.0.1:5432"
CONNECTIONS = 8
THREADS = 2
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
SCALE = os.environ.get("BENCH_SCALE", "full")

ENV = {
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "DATABASE_CONN_MAX_AGE": "600",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_HSTS_SECONDS": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "BENCH_FLOOR_VIEW": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Tasks (email sending, fan-outs) go to the database queue for a worker, as in production.
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    # Seeding 100,000 posts runs statements longer than a page's limit.
    "DATABASE_STATEMENT_TIMEOUT": "0",
}

# Targets from the benchmark issue: requests per second, and search latency in ms.
MIN_RPS = {"home": 250, "forum index": 250, "category": 350, "topic page 1": 250}
MAX_QUERIES = 8
UNCACHED_SEARCH = "forum search, a new query each time"


def shared_cache():
    """Redis, which the visitor page cache needs with several workers; started if installed."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if not shutil.which("redis-server"):
            log("No Redis: measuring without the visitor page cache")
            return {}
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--save", ""], check=True)
        time.sleep(1)
    return {"REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")}


def log(message):
    print(message, flush=True)


def run(*args, env=None, **kwargs):
    return subprocess.run(args, env={**os.environ, **ENV, **(env or {})}, check=True, cwd=ROOT, **kwargs)


def ensure_postgres():
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
        log("Starting PostgreSQL")
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)
        for _ in range(30):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
                break
            time.sleep(1)


def psql(sql, database="postgres"):
    result = subprocess.run(["psql", f"{PG}/{database}", "-tAc", sql], check=True, capture_output=True, text=True)
    return result.stdout.strip()


def ensure_database():
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        log(f"Creating database {DB_NAME}")
        psql(f'CREATE DATABASE "{DB_NAME}"')


def seed_fingerprint():
    """Seed parameters plus the migrations they were seeded on."""
    migrations = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/migrations/0*.py"))
    seed_source = (ROOT / "bench" / "seed.py").read_text()
    import hashlib

    return hashlib.sha256((SCALE + seed_source + "\n".join(migrations)).encode()).hexdigest()[:16]


def ensure_seeded():
    fingerprint = seed_fingerprint()
    current = psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DB_NAME}'")
    if current == fingerprint:
        log("Reusing the seeded database (same seed and migrations)")
        return
    log("Resetting and seeding the benchmark database (a few minutes)")
    psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB_NAME}"')
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    run(PYTHON, "manage.py", "seed_bench", "--scale", SCALE)
    log(f"Seeded in {time.monotonic() - started:.0f} s")
    psql("VACUUM ANALYZE", database=DB_NAME)  # planner statistics for the bulk-loaded tables
    psql(f"COMMENT ON DATABASE \"{DB_NAME}\" IS '{fingerprint}'")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, env=None):
    process = subprocess.Popen(
        [GUNICORN, "ccio.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env={**os.environ, **ENV, **(env or {})},
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 seconds")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def served_status(url, cookie=None):
    """The status gunicorn answers a page with, redirects not followed: a lost session shows as a 302."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * _UNITS[unit]


# Each request a search nobody made before: the same words, and a word to leave out that no post
# has, marked by the wrk run and numbered per thread and request (so the results are the same and
# never cached, not even from the warm-up or an earlier run).
FRESH_QUERY_SCRIPT = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local sent = 0
function request()
  sent = sent + 1
  return wrk.format(nil, wrk.path .. "+-nowhere" .. "RUN" .. id .. "x" .. sent)
end
"""


def _fresh_query_script():
    """A wrk script of FRESH_QUERY_SCRIPT whose queries no earlier wrk run has sent."""
    script = Path(tempfile.gettempdir()) / "ccio-bench-fresh-query.lua"
    script.write_text(FRESH_QUERY_SCRIPT.replace("RUN", str(time.time_ns())))
    return ["-s", str(script)]


def wrk(url, cookie=None, duration=DURATION, *, fresh_queries=False):
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", "--timeout", "5s", *headers]
    warm_up = _fresh_query_script() if fresh_queries else []
    subprocess.run([*command, *warm_up, f"-d{WARMUP}s", url], check=True, capture_output=True, timeout=WARMUP + 30)
    measured = _fresh_query_script() if fresh_queries else []
    output = subprocess.run(
        [*command, *measured, "--latency", f"-d{duration}s", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    ensure_postgres()
    ENV.update(shared_cache())
    ensure_database()
    ensure_seeded()
    # The whole database is in memory, as a production one should be. PostgreSQL's default
    # random_page_cost (4.0) prices reads for spinning disks, and its plans then scan whole
    # tables to join one page of rows.
    psql(f'ALTER DATABASE "{DB_NAME}" SET random_page_cost = 1.1')
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0")

    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccio.settings")
    import django

    django.setup()
    from django.core.cache import cache

    from bench import measure

    cache.clear()  # no pages cached by an earlier run of other code

    from bench.seed import reset_member_state

    reset_member_state()  # the member's read state as seeded: the last run moved it on
    pages = measure.pages()
    cookie = measure.member_cookie()
    log(f"Counting queries of {len(pages)} pages in-process")
    query_counts = {page.name: measure.count_queries(page) for page in pages}
    log("Timing a reply in the watched category in-process")
    reply = measure.measure_reply()
    reply_few = measure.measure_reply(keep_watchers=measure.FEW_WATCHERS)
    cache.clear()  # the rolled-back replies moved the content version on
    weekly = measure.weekly_summary()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    try:
        log(f"Measuring {len(pages) + 1} pages, {DURATION} s each")
        floor = wrk(base + "/bench/floor/")
        results = [{"name": "framework floor", "path": "/bench/floor/", "duration_s": DURATION, **floor}]
        for page in pages:
            log(f"  {page.name}: {page.path}")
            page_cookie = cookie if page.signed_in else None
            results.append(
                {
                    "name": page.name,
                    "path": page.path,
                    "signed_in": page.signed_in,
                    "served_status": served_status(base + page.path, page_cookie),
                    **wrk(base + page.path, page_cookie),
                    **query_counts[page.name],
                }
            )
    finally:
        stop(server)

    # What a search costs when it is not a repeat: every request a query nobody made before
    # (FRESH_QUERY_SCRIPT), signed in as the benchmark member (forum search is for members).
    search = next(page for page in pages if page.name == "forum search")
    server = start_gunicorn(port)
    try:
        log(f"  {UNCACHED_SEARCH}: {search.path} and a new word to leave out each time")
        uncached = {
            "name": UNCACHED_SEARCH,
            "path": search.path,
            "signed_in": True,
            "uncached_search": True,
            "served_status": served_status(base + search.path, cookie),
            **wrk(base + search.path, cookie, fresh_queries=True),
        }
        results.append({**uncached, **query_counts[search.name]})
    finally:
        stop(server)

    report = measure.report(
        results, min_rps=MIN_RPS, max_queries=MAX_QUERIES, reply=reply, reply_few=reply_few, weekly=weekly
    )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS_DIR / "latest.md").write_text(report["markdown"])
    print(report["markdown"])


if __name__ == "__main__":
    main()
