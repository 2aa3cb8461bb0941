"""Middleware that answers hostile or mistaken requests with a page, never a 500 or an empty body."""

from django.shortcuts import render


class RejectNulMiddleware:
    """A NUL byte in the path is never meant: answer 400 before it reaches a view (PostgreSQL refuses it).

    Query strings are the views' own: their forms refuse NUL with a message, or
    drop it (search words).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return render(request, "400.html", status=400)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A page that only takes a form (POST) opened in the browser: say so with a page, not an empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method == "HEAD":
            return response
        page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
        page["Allow"] = response.get("Allow", "")
        return page
