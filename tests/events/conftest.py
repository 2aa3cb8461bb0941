import pytest

from tests import factories


@pytest.fixture
def event(db):
    """A published online roundtable next week with 20 places."""
    return factories.EventFactory(title="EPR optimisation roundtable", slug="epr-optimisation")


@pytest.fixture
def small_event(db):
    """Two places."""
    return factories.EventFactory(title="Small group", slug="small-group", capacity=2)


@pytest.fixture
def members(db):
    return [factories.MemberFactory() for _ in range(4)]
