from django.shortcuts import render
from django.template.loader import render_to_string

from core.content_cache import cached_fragment
from forum import access
from forum.search import clean_query, search_posts
from forum.views.common import page_number


def search(request):
    query = clean_query(request.GET.get("q"))
    page = page_number(request)
    results = ""
    if query:
        # The same words, page and reading scope give the same results, until content changes.
        results = cached_fragment(
            "forum-search",
            [access.reading_scope(request.user), page, query],
            lambda: _render_results(request.user, query, page),
        )
    return render(request, "forum/search.html", {"q": query, "page": page, "results": results, "public_page": False})


def _render_results(user, query, page):
    results, has_next = search_posts(user, query, page=page)
    context = {"q": query, "page": page, "results": results, "has_next": has_next}
    return render_to_string("forum/_search_results.html", context)
