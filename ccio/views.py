import threading
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from ccio import search
from ccio.home import rendered_home_sections
from core.content_cache import cache_for_visitors, cached_fragment
from core.outage import response_for_current_error


@cache_for_visitors
def home(request):
    sections_html, changes_at = rendered_home_sections(request)
    response = render(request, "home.html", {"sections_html": sections_html})
    response.changes_at = changes_at
    return response


@require_safe
def site_search(request):
    query = search.clean_query(request.GET.get("q"))
    sections = [_search_section(source, request.user, query) for source in search.SOURCES] if query else []
    context = {
        "q": query,
        "sections": [html for html in sections if html],
        "return_to": f"{request.path}?{urlencode({'q': query})}" if query else request.path,
    }
    return render(request, "search.html", context)


def _search_section(source, user, query):
    """One kind's results as HTML ("" when nothing matched), kept until content changes where it may be shared."""

    def render_section():
        group = source.find(user, query)
        return render_to_string("_search_group.html", {"group": group}) if group.hits else ""

    if source.scope is None:
        return render_section()
    return cached_fragment(f"site-search-{source.key}", [source.scope(user), query], render_section)


def framework_floor(request):
    """The cheapest page the stack can serve: the benchmark's yardstick (see bench/)."""
    return HttpResponse("ok", content_type="text/plain")


HEALTH_DEADLINE_SECONDS = 0.8


def _check_database():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connections["default"].close()


def _check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    else:
        cache.get("healthz")


def _probe(check):
    """Run a check in its own thread, so a server that stops answering cannot hold /healthz up."""
    outcome = {}

    def run():
        try:
            check()
            outcome["state"] = "ok"
        except Exception:  # noqa: BLE001 - any failure means unreachable
            outcome["state"] = "unreachable"

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not; the cache is reported, as the site runs without it.

    Answers within a second whatever the state: each check runs in its own
    thread and counts as "timeout" if it has not answered by then.
    """
    deadline = time.monotonic() + HEALTH_DEADLINE_SECONDS
    probes = {"database": _probe(_check_database), "cache": _probe(_check_cache)}
    report = {}
    for name, (thread, outcome) in probes.items():
        thread.join(max(0, deadline - time.monotonic()))
        report[name] = outcome.get("state", "timeout")
    healthy = report["database"] == "ok"
    status = ("ok" if report["cache"] == "ok" else "degraded") if healthy else "unavailable"
    response = JsonResponse({"status": status, **report}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /account/",
        "Disallow: /notifications/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def error_400(request, exception=None):
    # Also reached when a submitted form is larger than DATA_UPLOAD_MAX_MEMORY_SIZE.
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Never through the request, the database or the cache: they may be what failed.
    # An unreachable database or cache gets the 503 page with Retry-After.
    return response_for_current_error()
