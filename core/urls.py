"""`reverse`, remembering each address once it is worked out.

Reversing a URL walks the URLconf's patterns, about 40 µs on our servers, and
a page asks for 10 to 30 addresses, mostly the same ones on every request
(the header, the footer, the forum's links). What `reverse` returns depends
only on the view name and arguments, the URLconf, the script prefix and the
current app, so those are the key. Addresses with arguments other than
numbers and strings are worked out each time. Settings that change (in tests)
start the memory afresh.

Used by {% url %} (core/templatetags/kept_urls.py) and by code that builds
the same addresses on every page (forum.personal). Addresses that differ only
by an id (one per post of a page) come from `address_for_id`: reversed once,
with the id put in on each call, so they do not fill the memory.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

MAX_KEPT = 20_000  # a forum's pages by id; far more than the site's addresses without arguments
_kept = {}


def _forget(**kwargs):
    _kept.clear()


setting_changed.connect(_forget, dispatch_uid="core.urls.forget")


def kept_reverse(view_name, args=(), kwargs=None, current_app=None):
    kwargs = kwargs or {}
    if not all(type(value) in (int, str) for value in (*args, *kwargs.values())):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )
    url = _kept.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = url
    return url


_ID = 987654321  # stands for the id in an address reversed once


def address_for_id(view_name):
    """A function from an id to the address of `view_name` with that id (its one argument)."""
    pattern = kept_reverse(view_name, [_ID])
    head, tail = pattern.split(str(_ID))
    return lambda pk: f"{head}{pk}{tail}"
