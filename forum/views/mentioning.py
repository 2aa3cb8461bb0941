"""The composer's @mention suggestions, as JSON for static/js/mentions.js."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from forum import access
from forum.mentions import mention_suggestions
from forum.views.common import refusable


@require_GET
@refusable
def suggestions(request):
    """?q=<typed after @>[&topic=<pk>]: members who can read the topic (or any member topic)."""
    if not access.can_write(request.user):
        raise PermissionDenied
    topic = None
    topic_pk = request.GET.get("topic", "")
    if topic_pk:
        if not topic_pk.isdigit() or len(topic_pk) > 12:
            return JsonResponse({"error": "Unknown topic."}, status=400)
        topic = access.get_topic_for_read(request, int(topic_pk))
    results = mention_suggestions(request.user, request.GET.get("q", ""), topic=topic)
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
