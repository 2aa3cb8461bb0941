"""Forum fixtures: an announcements category and a topic by alice (the members-only and public
categories are in tests/conftest.py: site search uses them too)."""

import pytest

from forum.models import Category
from tests import factories


@pytest.fixture
def announcements_cat(db):
    return factories.CategoryFactory(name="Announcements", slug="announcements", access=Category.Access.ANNOUNCEMENTS)


@pytest.fixture
def topic(alice, members_cat):
    return factories.make_topic(
        author=alice, category=members_cat, title="Secret safety case", body="Our hazard log is private."
    )


@pytest.fixture
def public_topic(alice, public_cat):
    return factories.make_topic(
        author=alice, category=public_cat, title="Open question about FHIR", body="Anyone using FHIR R4?"
    )
