"""A small per-key rate limit in the shared cache (Redis in production), for the site's own endpoints.

allauth limits sign-in, sign-up and the like itself; this is for pages of
ours that cost CPU on demand, such as markdown previews.
"""

import time

from django.core.cache import cache


def allow(key, *, limit, period):
    """Count one use of `key` in the current window of `period` seconds; False once past `limit`.

    A fixed window: at most `limit` uses per window (so at most twice that in
    any `period` seconds spanning two windows), one cache round trip or two.
    """
    window = int(time.time() // period)
    bucket = f"ratelimit:{key}:{window}"
    if cache.add(bucket, 1, timeout=period + 1):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=period + 1)
        return True
    return count <= limit
