"""The Redis cache degrades instead of failing: reads miss, writes wait, sign-in rate limits hold per process."""

import signal

import pytest
from allauth.core.internal import ratelimit

from core.cache import ResilientRedisCache
from tests.processes import RedisServer, free_port, redis_available

pytestmark = pytest.mark.skipif(not redis_available(), reason="needs redis-server")


def _cache(location):
    options = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "DOWN_SECONDS": 0}
    return ResilientRedisCache(location, {"OPTIONS": options})


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    if server.process is not None:
        server.process.send_signal(signal.SIGCONT)
    server.stop()


def test_nothing_answers_reads_miss_and_writes_do_not_fail():
    cache = _cache(f"redis://127.0.0.1:{free_port()}/0")
    assert cache.get("page", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("page", "html")
    assert cache.add("page", "html") is False
    cache.delete("page")
    with pytest.raises(ValueError):
        cache.incr("version")
    assert cache.has_key("page") is False


def test_sign_in_rate_limits_still_hold_in_this_process_while_redis_is_away():
    """allauth counts attempts under allauth:rl: keys: they fall back to this process's memory."""
    cache = _cache(f"redis://127.0.0.1:{free_port()}/0")
    key = "allauth:rl:login_failed:5/m:ip:127.0.0.1"
    assert cache.add(f"{key}:lock", True, 10) is True
    assert cache.add(f"{key}:lock", True, 10) is False  # the lock allauth takes is a real lock
    cache.set(key, [1.0, 2.0], 60)
    assert cache.get(key, []) == [1.0, 2.0]


def test_allauth_refuses_the_sixth_failed_sign_in_with_redis_away(rf, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "DOWN_SECONDS": 0},
        }
    }
    request = rf.post("/accounts/login/", REMOTE_ADDR="192.0.2.7")

    def attempt():
        return ratelimit.consume(request, app="account", action="login_failed", config={"login_failed": "5/m/ip"})

    results = [bool(attempt()) for _ in range(6)]
    assert results == [True] * 5 + [False]


def test_what_changed_while_redis_hung_is_dropped_when_it_answers_again(redis_server):
    cache = _cache(redis_server.url)
    cache.set("session:alice", {"user": "alice"})
    cache.set("content-cache:version", 41)
    redis_server.process.send_signal(signal.SIGSTOP)
    cache.delete("session:alice")  # signed out, but Redis could not be told
    with pytest.raises(ValueError):
        cache.incr("content-cache:version")  # content changed, but the version could not move
    redis_server.process.send_signal(signal.SIGCONT)
    assert cache.get("session:alice") is None
    assert cache.get("content-cache:version") is None
    assert _cache(redis_server.url).ping() is True
