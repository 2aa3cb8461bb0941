"""The library: the list with its filters, a resource's page, its file, useful marks and "add to my plan"."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.content_cache import cache_for_visitors, cached_until_changed
from core.files import attachment_response
from core.permissions import is_member, member_required
from editorial.models import Topic
from resources import access, services
from resources.library import SORTS, Library, library_params
from resources.models import CPDEntry, PlanItem, Resource, UsefulMark

PAGE_SIZE = 20
FEATURED_COUNT = 3
ALSO_USED_COUNT = 4


@cache_for_visitors
def resource_list(request):
    asked = library_params(request.GET)
    # The same for everyone (published resources only; members-only ones are listed with their badge):
    # rendered once per content version and choice of filters, until the next resource goes live.
    page, changes_at = cached_until_changed("resource-list", [asked], partial(_rendered, asked))
    response = render(request, "resources/list.html", page)
    response.changes_at = changes_at
    return response


def _rendered(asked):
    """({the list's HTML, whether it is filtered}, when it next changes by the clock: a resource going live)."""
    # Asked before the list is read: a resource going live meanwhile makes the list expire at once.
    changes_at = Resource.objects.next_publication()
    params = QueryDict(mutable=True)
    for key, values in asked:
        params.setlist(key, list(values))
    library_base = Resource.objects.in_library()
    topics = list(
        Topic.objects.filter(pk__in=Resource.topics.through.objects.filter(resource__in=library_base).values("topic"))
    )
    library = Library.from_params(params, topics)
    results = library.results(library_base.for_list().prefetch_related(None))
    page = Paginator(results, PAGE_SIZE).get_page(params.get("page"))
    featured = []
    if not library.is_filtered and page.number == 1:
        featured = list(
            library_base.filter(featured=True).for_list().prefetch_related(None).newest_first()[:FEATURED_COUNT]
        )
    # The featured resources' topics come with the page's: one query, not two.
    page.object_list = list(page.object_list)
    prefetch_related_objects([*featured, *page.object_list], "topics")
    counts = library.counts(library_base)
    context = {
        "page_obj": page,
        "resources": page.object_list,
        "featured": featured,
        "library": library,
        "facets": library.facet_view(counts),
        "chips": library.chosen_labels(),
        "sorts": [(key, label) for key, label in SORTS.items() if key != "relevance" or library.query],
        "query": library.params(),
        "query_without_sort": library.params(sort=False),
        "list_url": reverse("resources:list"),
    }
    content = render_to_string("resources/_list_content.html", context)
    return {"content": content, "is_filtered": library.is_filtered}, changes_at


def resource_detail(request, slug):
    try:
        resource = access.get_resource(request.user, slug, queryset=Resource.objects.for_page())
    except Http404:
        if Resource.objects.withdrawn_after_going_live().filter(slug=slug).exists():
            context = {
                "noun": "resource",
                "list_url": reverse("resources:list"),
                "list_label": "Browse the resources library",
            }
            return render(request, "410.html", context, status=410)
        raise
    return render_resource(request, resource)


def _also_used(resource, topic_ids):
    """Members who found this useful also used: resources sharing their useful marks, then shared topics."""
    fans = UsefulMark.objects.filter(resource=resource).values("member")
    co_marks = (
        UsefulMark.objects.filter(resource=OuterRef("pk"), member__in=fans)
        .order_by()
        .values("resource")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shared_topics = (
        Resource.topics.through.objects.filter(resource_id=OuterRef("pk"), topic_id__in=topic_ids or [0])
        .order_by()
        .values("resource_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    related = (
        Resource.objects.in_library()
        .exclude(pk=resource.pk)
        .annotate(
            co_marks=Coalesce(Subquery(co_marks), Value(0)),
            shared_topics=Coalesce(Subquery(shared_topics), Value(0)),
        )
        .filter(Q(co_marks__gt=0) | Q(shared_topics__gt=0))
        .only("id", "title", "slug", "kind", "useful_count", "access")
        .order_by("-co_marks", "-shared_topics", "-useful_count", "-publish_at", "-pk")
    )
    return list(related[:ALSO_USED_COUNT])


def render_resource(request, resource, *, preview=False):
    """The resource page; the editor area's preview renders through here too."""
    user = request.user
    topic_ids = [t.pk for t in resource.topics.all()]
    marked = plan_item = cpd_entry = None
    if is_member(user):
        marked = UsefulMark.objects.filter(resource=resource, member=user).exists()
        plan_item = PlanItem.objects.filter(resource=resource, member=user).first()
        cpd_entry = CPDEntry.objects.filter(resource=resource, member=user).only("id").first()
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            "preview": preview,
            "may_use": access.may_use(user, resource),
            "is_member": is_member(user),
            "marked": marked,
            "plan_item": plan_item,
            "cpd_entry": cpd_entry,
            "also_used": _also_used(resource, topic_ids) if resource.is_live else [],
        },
    )


def download(request, slug):
    """A resource's file, only for those who may use it: a visitor gets nothing from a members-only file's address."""
    resource = access.get_resource(request.user, slug)
    if not resource.file:
        raise Http404("This resource has no file.")
    if not access.may_use(request.user, resource):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={resource.get_absolute_url()}")
        raise Http404("No such file.")
    return attachment_response(resource.file, download_name=resource.slug[:80])


def _useful_fragment(request, resource, marked):
    resource.refresh_from_db(fields=["useful_count"])
    html = render_to_string(
        "resources/_useful.html", {"resource": resource, "marked": marked, "is_member": True}, request=request
    )
    return HttpResponse(html)


@require_POST
@member_required
def toggle_useful(request, slug):
    resource = access.get_live_resource(slug)
    if request.POST.get("action") == "unmark":
        services.unmark_useful(resource=resource, member=request.user)
        marked, message = False, "Your “useful” mark is removed."
    else:
        services.mark_useful(resource=resource, member=request.user)
        marked, message = True, "Marked as useful. Thank you: it helps other members find it."
    if request.htmx:
        return _useful_fragment(request, resource, marked)
    messages.success(request, message)
    return redirect(resource)


@require_POST
@member_required
def add_to_plan(request, slug):
    resource = access.get_live_resource(slug)
    item, created = services.plan_add(member=request.user, resource=resource)
    if created:
        messages.success(request, f"“{resource.title}” is on your learning plan.")
    else:
        messages.info(request, f"“{resource.title}” was already on your learning plan.")
    return redirect(resource)
