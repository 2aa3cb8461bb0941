"""A Redis cache that degrades instead of failing when Redis is unreachable.

Everything the site keeps in the cache can be rebuilt or read elsewhere:
sessions are written through to the database (cached_db), pages and search
results are rendered again, and the content version starts afresh. So while
Redis is down:

- reads miss (sessions then come from the database, pages are rendered),
- writes are skipped, and the keys they were for are deleted as soon as
  Redis answers again, so nothing stale (a session ended meanwhile, an old
  content version) survives the outage,
- rate-limit keys (RATE_LIMIT_PREFIXES, allauth's) go to a cache in this
  process's memory, so sign-in limits still hold, per server process,
  neither switched off nor locking everyone out,
- after a failure Redis is left alone for DOWN_SECONDS, so a page does not
  wait for a dead server once per cache call.

Configured in settings with short socket timeouts, so an unresponsive Redis
costs a page at most about a second.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5
MAX_REMEMBERED_KEYS = 10_000
RATE_LIMIT_PREFIXES = ("allauth:rl:",)


class _ProcessState:
    """What this process knows about one Redis server, shared by every thread's cache object."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.stale = set()  # keys written (or meant to be deleted) while Redis was down
        self.overflow = False


_states = {}
_states_lock = threading.Lock()


def _state_for(location):
    with _states_lock:
        return _states.setdefault(location, _ProcessState())


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` on every cache call, and building one copies
    redis-py's table of several hundred response callbacks: about 0.2 ms, more
    than the round trip to Redis, on each of the few cache reads a page makes.
    A `redis.Redis` is safe to share between threads (connections come from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._local_prefixes = tuple(options.pop("LOCAL_FALLBACK_PREFIXES", RATE_LIMIT_PREFIXES))
        self._down_seconds = options.pop("DOWN_SECONDS", DOWN_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = KeptClientRedisCacheClient
        self._local = LocMemCache(f"resilient:{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._state = _state_for(str(server))

    # --- the state of Redis, as this process saw it -------------------------

    @property
    def available(self):
        return time.monotonic() >= self._state.down_until

    def _failed(self, error):
        state = self._state
        with state.lock:
            if self.available:
                logger.warning("Redis unreachable (%s); the cache degrades for %s s", error, self._down_seconds)
            state.down_until = time.monotonic() + self._down_seconds

    def _remember(self, keys):
        state = self._state
        with state.lock:
            for key in keys:
                if len(state.stale) >= MAX_REMEMBERED_KEYS:
                    state.overflow = True
                    break
                state.stale.add(key)

    def _purge_stale(self):
        """Redis answers again: forget what was changed while it could not be told."""
        state = self._state
        if not state.stale and not state.overflow:
            return
        with state.lock:
            keys, overflow = list(state.stale), state.overflow
            state.stale, state.overflow = set(), False
        try:
            if overflow:
                super().clear()
            elif keys:
                super().delete_many(keys)
        except RedisError:
            self._remember(keys)
            if overflow:
                state.overflow = True
            raise
        logger.warning("Redis answers again; %s keys changed meanwhile were dropped", "all" if overflow else len(keys))

    def _local_for(self, key):
        return isinstance(key, str) and key.startswith(self._local_prefixes)

    def _call(self, name, keys, fallback, *args, **kwargs):
        """Run a RedisCache method; on failure (or while Redis is down) return fallback()."""
        if self.available:
            try:
                self._purge_stale()
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._failed(error)
        if name == "clear":
            self._state.overflow = True
        elif name not in ("get", "get_many", "has_key"):
            self._remember(keys)
        return fallback()

    def ping(self):
        """Ask Redis itself (for /healthz): raises when it does not answer."""
        return self._cache.get_client(write=True).ping()

    # --- the cache API --------------------------------------------------------

    def get(self, key, default=None, version=None):
        if self._local_for(key) and not self.available:
            return self._local.get(key, default, version)
        return self._call("get", [key], lambda: self._local_get(key, default, version), key, default, version)

    def _local_get(self, key, default, version):
        return self._local.get(key, default, version) if self._local_for(key) else default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        fallback = self._local_write("set", key, value, timeout, version)
        return self._call("set", [key], fallback, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        fallback = self._local_write("add", key, value, timeout, version, default=False)
        return self._call("add", [key], fallback, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", [key], lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        fallback = self._local_write("delete", key, version=version, default=False)
        return self._call("delete", [key], fallback, key, version)

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._call("get_many", keys, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", [key], lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def fallback():
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).")

        return self._call("incr", [key], fallback, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", keys, lambda: None, keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear", [], lambda: None)

    def _local_write(self, name, key, *args, default=None, **kwargs):
        def fallback():
            if self._local_for(key):
                return getattr(self._local, name)(key, *args, **kwargs)
            return default

        return fallback
