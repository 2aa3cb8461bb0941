"""What goes in the weekly summary email, gathered from every app (notifications.weekly sends it).

Notifications sits below the apps, so the parts are registered from here, the project on top,
as site search gathers from each app. Each part answers for one member in one query and
shows only what that member may see: forum topics in categories they may read (public ones
for someone who is not, or is no longer, a member; never hidden topics), members-only
resources to members only, surveys to the audience they are for. Articles, CCIO profiles and
events are public.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models import Article
from events.models import Event
from forum import access as forum_access
from forum.models import Topic
from notifications.weekly import Item, register_section
from profiles.models import CCIOProfile
from resources.models import Access, Resource
from surveys.models import Survey


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def active_topics(user, *, since, now, limit):
    """The most active topics since `since`, by new posts, in categories this member may read."""
    visible_posts = Q(posts__created__gt=since, posts__created__lte=now, posts__deleted=False, posts__hidden=False)
    topics = (
        Topic.objects.filter(
            category__in=forum_access.readable_categories(user),
            hidden=False,
            last_posted_at__gt=since,
        )
        .annotate(new_posts=Count("posts", filter=visible_posts))
        .filter(new_posts__gt=0)
        .select_related("category")
        .only("id", "title", "slug", "category__name")
        .order_by("-new_posts", "-last_posted_at", "pk")[:limit]
    )
    return [
        Item(t.title, t.get_absolute_url(), f"{t.category.name}: {_plural(t.new_posts, 'new post')}") for t in topics
    ]


def _published_between(queryset, since, now):
    return queryset.published().filter(publish_at__gt=since, publish_at__lte=now).order_by("-publish_at", "-pk")


def new_articles(user, *, since, now, limit):
    articles = _published_between(Article.objects, since, now).only("title", "slug", "standfirst")[:limit]
    return [Item(a.title, a.get_absolute_url(), a.standfirst) for a in articles]


def new_profiles(user, *, since, now, limit):
    profiles = _published_between(CCIOProfile.objects, since, now).only("headline", "slug", "name")[:limit]
    return [Item(p.headline, p.get_absolute_url(), p.name) for p in profiles]


def new_resources(user, *, since, now, limit):
    resources = _published_between(Resource.objects, since, now)
    if not user.is_member:
        resources = resources.filter(access=Access.PUBLIC)
    resources = resources.only("title", "slug", "summary")[:limit]
    return [Item(r.title, r.get_absolute_url(), r.summary) for r in resources]


def upcoming_events(user, *, since, now, limit):
    """Published events yet to start whose registration is open, with places left."""
    events = (
        Event.objects.published()
        .filter(starts_at__gt=now)
        .filter(Q(capacity__isnull=True) | Q(capacity__gt=F("confirmed_count")))
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .only("title", "slug", "starts_at", "capacity", "confirmed_count")
        .order_by("starts_at", "pk")[:limit]
    )
    items = []
    for event in events:
        when = date_format(timezone.localtime(event.starts_at), "l j F Y, H:i")
        places = "places available" if event.capacity is None else _plural(event.places_left, "place") + " left"
        items.append(Item(event.title, event.get_absolute_url(), f"{when} · {places}"))
    return items


def open_surveys(user, *, since, now, limit):
    """Surveys open now that this member may answer and has not."""
    surveys = Survey.objects.awaiting(user).only("title", "slug", "closes_at").order_by("closes_at", "pk")[:limit]
    return [
        Item(s.title, s.get_absolute_url(), "Open until " + date_format(timezone.localtime(s.closes_at), "j F Y"))
        for s in surveys
    ]


def register():
    register_section("forum", heading="Most active in the forum", collect=active_topics, order=10)
    register_section("articles", heading="New articles", collect=new_articles, order=20)
    register_section("profiles", heading="New CCIO profiles", collect=new_profiles, order=30)
    register_section("resources", heading="New resources", collect=new_resources, order=40)
    register_section("events", heading="Upcoming events with places left", collect=upcoming_events, order=50)
    register_section("surveys", heading="Surveys waiting for your answers", collect=open_surveys, order=60)
