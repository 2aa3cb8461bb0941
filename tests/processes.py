"""Helpers for tests that run real servers: a Redis of their own, the site under gunicorn, a task worker.

Every server listens on a free port chosen at the time, so engineers and CI
jobs running at once never collide, and each is stopped by the test that
started it (by its own process id).
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, *, timeout=20, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"The process exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"Nothing listening on port {port} after {timeout} s")


def stop(process, *, sig=signal.SIGTERM, timeout=10):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def redis_available():
    return shutil.which("redis-server") is not None


class RedisServer:
    """A redis-server of our own on a free port, with nothing saved to disk."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process)
            self.process = None


def clean_env(**extra):
    """The environment for a child process: ours without Django settings that would leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.outage_settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "outage-tests-k9$Vq2!xR7mZp4@Lw8#Tn6^Yb3&Hc5*Jd1(Fg0)Se+Ua-Oi=Ke",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_LOG_LEVEL": "CRITICAL",
}


class Gunicorn:
    """The site served by gunicorn in its own process, as in production."""

    def __init__(self, log_path, **env):
        self.port = free_port()
        self.log_path = log_path
        self.env = clean_env(**PRODUCTION_ENV, **env)
        self.process = None

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "ccio.wsgi",
                "--chdir",
                str(ROOT),
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, process=self.process)
        fetch(self.url("/robots.txt"))  # the worker has loaded the site (it needs no database)
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process)
            self.process = None
            self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def fetch(url, *, cookie=None, method="GET", timeout=30):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, method=method)  # noqa: S310 - our own local server
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own local server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class BlackHole:
    """A TCP port that accepts connections and never says a word: a server whose packets are dropped."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            with contextlib.suppress(OSError):
                self.accepted.append(self.sock.accept()[0])

    def close(self):
        self.running = False
        self.thread.join(2)
        for conn in self.accepted:
            conn.close()
        self.sock.close()
