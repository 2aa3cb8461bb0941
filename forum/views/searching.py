from django.shortcuts import render

from forum.search import search_posts
from forum.views.common import page_number


def search(request):
    query = request.GET.get("q", "").strip()
    page = page_number(request)
    posts, has_next = search_posts(request.user, query, page=page) if query else ([], False)
    context = {"q": query, "posts": posts, "page": page, "has_next": has_next, "public_page": False}
    return render(request, "forum/search.html", context)
