"""Double clicks at once, each on its own database connection (PostgreSQL only): one row, exact counts, no error."""

import datetime as dt

import pytest
from django.db import connection

from resources import services
from resources.models import CPDEntry, PlanItem, Resource, UsefulMark
from tests import factories
from tests.events.test_concurrency import _run_at_once

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


def test_many_members_and_double_clicks_keep_the_useful_count_exact():
    resource = factories.ResourceFactory()
    members = [factories.MemberFactory() for _ in range(THREADS // 2)]
    _run_at_once(lambda m: services.mark_useful(resource=resource, member=m), members + members)
    resource.refresh_from_db()
    assert UsefulMark.objects.filter(resource=resource).count() == len(members) == resource.useful_count


def test_adding_to_the_plan_twice_at_once_makes_one_item():
    resource = factories.ResourceFactory()
    member = factories.MemberFactory()
    _run_at_once(lambda _: services.plan_add(member=member, resource=resource), range(THREADS))
    assert PlanItem.objects.filter(member=member, resource=resource).count() == 1


def test_confirming_an_offered_entry_twice_at_once_makes_one_entry():
    resource = factories.ResourceFactory()
    member = factories.MemberFactory()

    def confirm(_):
        entry = CPDEntry(member=member, resource=resource, title="Course", date=dt.date(2026, 5, 1), hours=2)
        services.cpd_save(entry=entry)

    _run_at_once(confirm, range(THREADS))
    assert CPDEntry.objects.filter(member=member, resource=resource).count() == 1
    assert Resource.objects.get().useful_count == 0
