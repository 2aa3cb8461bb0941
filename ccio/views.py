from urllib.parse import urlencode

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from ccio import search
from ccio.home import changes_at, home_sections
from core.content_cache import cache_for_visitors, cached_fragment


@cache_for_visitors
def home(request):
    sections = home_sections(request)
    response = render(request, "home.html", {"sections": sections})
    response.changes_at = changes_at(sections)
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


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
    # Rendered without context processors' database work: the database may be down.
    return render(request, "500.html", status=500)
