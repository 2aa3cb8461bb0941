"""The library list: filters that combine, counts per option, search and sorting.

Every filter is a GET parameter that may repeat (kind=course&kind=guide):
options of one filter widen the result (OR), filters narrow it (AND). Each
option's count is how many resources the current result would hold with that
option chosen in place of its filter's current choice (the usual faceted
count: the other filters apply, its own does not), all in one aggregate query.

Search: PostgreSQL full-text on the stored, weighted search_vector (GIN
index), ranked; SQLite falls back to every word appearing somewhere.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower

from resources.models import AUDIENCES, Cost, Format, Kind, Level, Resource

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_VALUES = 20  # per parameter: enough for every option, no more

CPD_BUCKETS = [
    ("under-2", "Under 2 hours", Q(cpd_hours__lt=Decimal("2"))),
    ("2-10", "2 to 10 hours", Q(cpd_hours__gte=Decimal("2"), cpd_hours__lte=Decimal("10"))),
    ("over-10", "Over 10 hours", Q(cpd_hours__gt=Decimal("10"))),
]

SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "useful": "Most useful",
    "title": "A to Z",
}


def _topic_q(topic_ids):
    through = Resource.topics.through.objects.filter(resource_id=OuterRef("pk"), topic_id__in=topic_ids)
    return Q(Exists(through))


@dataclass
class Facet:
    key: str  # the GET parameter
    label: str
    options: list  # [(value, label, Q)]
    chosen: list = field(default_factory=list)

    def condition(self):
        if not self.chosen:
            return None
        q = Q()
        for value, _label, option in self.options:
            if value in self.chosen:
                q |= option
        return q


def _choice_options(field_name, choices):
    return [(value, label, Q(**{field_name: value})) for value, label in choices]


def build_facets(topics):
    return [
        Facet("kind", "Kind", _choice_options("kind", Kind.choices)),
        Facet("topic", "Topic", [(t.slug, t.name, _topic_q([t.pk])) for t in topics]),
        Facet("level", "Level", _choice_options("level", Level.choices)),
        Facet("cost", "Cost", _choice_options("cost", Cost.choices)),
        Facet("format", "Format", _choice_options("format", Format.choices)),
        Facet("suits", "Who it suits", [(key, label, Q(**{name: True})) for name, key, label in AUDIENCES]),
        Facet("cpd", "CPD hours", CPD_BUCKETS),
    ]


def clean_query(text):
    return " ".join((text or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


FACET_KEYS = tuple(facet.key for facet in build_facets([]))


def library_params(params):
    """What the list reads of the GET parameters, in a fixed order: all a page of the library depends on.

    Anything else in the address is ignored, so it does not make another kept copy of the page.
    """
    asked = [(key, tuple(params.getlist(key)[:MAX_VALUES])) for key in FACET_KEYS]
    query = clean_query(params.get("q"))
    for key, value in (("q", query), ("sort", params.get("sort")), ("page", params.get("page"))):
        if value:
            asked.append((key, (value[:MAX_QUERY_LENGTH],)))
    return tuple((key, values) for key, values in asked if values)


@dataclass
class Library:
    """The library as one person's GET parameters ask for it."""

    facets: list
    query: str
    sort: str

    @classmethod
    def from_params(cls, params, topics):
        facets = build_facets(topics)
        for facet in facets:
            allowed = {value for value, _label, _q in facet.options}
            facet.chosen = [v for v in params.getlist(facet.key)[:MAX_VALUES] if v in allowed]
        query = clean_query(params.get("q"))
        sort = params.get("sort")
        if sort not in SORTS or (sort == "relevance" and not query):
            sort = "relevance" if query else "newest"
        return cls(facets=facets, query=query, sort=sort)

    @property
    def is_filtered(self):
        return bool(self.query) or any(f.chosen for f in self.facets)

    def searched(self, queryset):
        if not self.query:
            return queryset
        if connection.vendor == "postgresql":
            search_query = SearchQuery(self.query, search_type="websearch", config="english")
            return queryset.filter(search_vector=search_query).annotate(
                rank=SearchRank(F("search_vector"), search_query)
            )
        condition = Q()
        for word in self.query.split()[:MAX_WORDS]:
            condition &= (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(provider__icontains=word)
                | Q(body__icontains=word)
            )
        return queryset.filter(condition)

    def filtered(self, queryset):
        for facet in self.facets:
            condition = facet.condition()
            if condition is not None:
                queryset = queryset.filter(condition)
        return queryset

    def ordered(self, queryset):
        if self.sort == "relevance" and connection.vendor == "postgresql":
            return queryset.order_by("-rank", "-publish_at", "-pk")
        if self.sort == "useful":
            return queryset.order_by("-useful_count", "-publish_at", "-pk")
        if self.sort == "title":
            return queryset.order_by(Lower("title"), "pk")
        return queryset.order_by("-publish_at", "-pk")

    def results(self, base):
        return self.ordered(self.filtered(self.searched(base)))

    def counts(self, base):
        """{facet key: {value: count}} for every option, in one query."""
        conditions = {f.key: f.condition() for f in self.facets}
        aggregates, names = {}, {}
        for facet in self.facets:
            others = Q()
            for key, condition in conditions.items():
                if key != facet.key and condition is not None:
                    others &= condition
            for n, (value, _label, option) in enumerate(facet.options):
                alias = f"{facet.key}_{n}"
                aggregates[alias] = Count("pk", filter=others & option)
                names[alias] = (facet.key, value)
        if not aggregates:
            return {}
        totals = self.searched(base).aggregate(**aggregates)
        counts = {f.key: {} for f in self.facets}
        for alias, (key, value) in names.items():
            counts[key][value] = totals[alias]
        return counts

    def params(self, *, without=None, sort=True):
        """The current choices as a query string (for pagination and "remove this filter" links)."""
        pairs = []
        if self.query:
            pairs.append(("q", self.query))
        for facet in self.facets:
            for value in facet.chosen:
                if (facet.key, value) != without:
                    pairs.append((facet.key, value))
        if sort and self.sort not in ("newest", "relevance"):
            pairs.append(("sort", self.sort))
        return urlencode(pairs)

    def chosen_labels(self):
        """[(facet label, option label, query string without it)] for the "remove" links."""
        chips = []
        for facet in self.facets:
            labels = {value: label for value, label, _q in facet.options}
            for value in facet.chosen:
                chips.append((facet.label, labels[value], self.params(without=(facet.key, value))))
        return chips

    def facet_view(self, counts):
        """What the template loops over: facets with their options, counts and chosen marks."""
        view = []
        for facet in self.facets:
            options = [
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(facet.key, {}).get(value, 0),
                    "chosen": value in facet.chosen,
                }
                for value, label, _q in facet.options
            ]
            # Options nothing would match are left out unless chosen (every kind of nothing is noise).
            options = [o for o in options if o["count"] or o["chosen"]]
            if options:
                view.append({"key": facet.key, "label": facet.label, "options": options, "open": bool(facet.chosen)})
        return view
