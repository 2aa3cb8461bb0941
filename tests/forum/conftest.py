"""Forum fixtures: a members-only, a public and an announcements category, and a topic by alice."""

import pytest

from forum.models import Category
from tests import factories


@pytest.fixture
def members_cat(db):
    return factories.CategoryFactory(name="Clinical safety", slug="clinical-safety", access=Category.Access.MEMBERS)


@pytest.fixture
def public_cat(db):
    return factories.CategoryFactory(name="Open discussion", slug="open", access=Category.Access.PUBLIC)


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
