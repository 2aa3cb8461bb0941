"""Messaging fixtures: carol (a third member), an applicant, a staff superuser, and a conversation
between alice and bob that nobody else may see."""

import pytest

from accounts.models import MembershipApplication
from tests import factories


@pytest.fixture
def carol(db):
    return factories.MemberFactory(username="carol", display_name="Dr Carol Clarke")


@pytest.fixture
def carol_client(carol):
    from tests.conftest import _client_for

    return _client_for(carol)


@pytest.fixture
def applicant(db):
    """Verified, not yet a member: her application is pending."""
    user = factories.UserFactory(username="pat", display_name="Pat Applicant", email="pat@supplier.example")
    factories.MembershipApplicationFactory(user=user, status=MembershipApplication.Status.PENDING)
    return user


@pytest.fixture
def applicant_client(applicant):
    from tests.conftest import _client_for

    return _client_for(applicant)


@pytest.fixture
def staff(db):
    return factories.MemberFactory(username="root", is_staff=True, is_superuser=True, mfa=True)


@pytest.fixture
def staff_client(staff):
    from tests.conftest import _client_for

    return _client_for(staff)


@pytest.fixture
def conversation(alice, bob):
    return factories.make_conversation(
        starter=alice, recipients=[bob], subject="Our EPR contract", body="Bob, a private word about the contract."
    )
