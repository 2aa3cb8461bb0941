"""Shared fixtures: the people in our tests.

alice and bob are members, ed is an editor, mo a moderator, una has signed up
but not verified her email, sam is suspended, and a visitor is anyone not
signed in. Each *_client fixture is a test client signed in as that person.

`client.force_login(user)` signs in as allauth would: someone with an
authenticator app (ed and mo have one) also passes the second factor, so their
roles count (core.second_factor); someone without one has a session that did
not, so their roles count for nothing. `client.login(...)` is a password-only
sign-in.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Category
from tests import factories


def _flushes_database(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that truly commit (browser and concurrency tests) empty the database
    when they finish; run them last, so that no other test sees it emptied."""
    items[:] = [i for i in items if not _flushes_database(i)] + [i for i in items if _flushes_database(i)]


@pytest.fixture(scope="session")
def _roles_as_migrated(django_db_setup, django_db_blocker):
    """The role groups and their permissions, as the data migrations made them."""
    from django.contrib.auth.models import Group
    from django.core import serializers

    with django_db_blocker.unblock():
        return serializers.serialize("json", Group.objects.all(), use_natural_foreign_keys=True)


@pytest.fixture(autouse=True)
def _roles_exist(request):
    """Put the roles back for a committing test that runs after another one emptied
    the tables. (Django's serialized rollback cannot do it here: Playwright runs the
    test in a greenlet, which sees a different connection object.)"""
    if not _flushes_database(request.node):
        return
    saved = request.getfixturevalue("_roles_as_migrated")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission
    from django.core import serializers
    from django.core.management.sql import emit_post_migrate_signal

    if Group.objects.exists():
        return
    if not Permission.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for group in serializers.deserialize("json", saved):
        group.save()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    # Real hashing costs a fifth of a second per user; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """force_login records a second factor in the session, as allauth's sign-in does, when the user has TOTP."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    force_login = Client.force_login

    def force_login_as_allauth(self, user, backend=None):
        force_login(self, user, backend)
        if Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists():
            session = self.session
            now = time.time()
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {"method": "password", "at": now, "email": user.email},
                {"method": "mfa", "at": now, "type": "totp"},
            ]
            session["account_authentication_methods_user"] = str(user.pk)
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_as_allauth)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content_cache(settings):
    """Keeping what pages render (core.content_cache, core.person_cache), as production does with Redis."""
    settings.CONTENT_CACHE = True


@pytest.fixture
def alice(db):
    return factories.MemberFactory(username="alice", display_name="Dr Alice Adams")


@pytest.fixture
def bob(db):
    return factories.MemberFactory(username="bob", display_name="Dr Bob Brown")


@pytest.fixture
def ed(db):
    return factories.EditorFactory(username="ed", display_name="Ed Editor")


@pytest.fixture
def mo(db):
    return factories.ModeratorFactory(username="mo", display_name="Mo Moderator")


@pytest.fixture
def una(db):
    """Signed up, email not verified, so not a member."""
    return factories.UserFactory(username="una", email="una@nhs.net", verified=False)


@pytest.fixture
def staff(db):
    """Stan: staff without superuser rights, and no editor or moderator role."""
    return factories.MemberFactory(username="stan", display_name="Stan Staff", is_staff=True)


@pytest.fixture
def sam(db):
    """A member suspended for a week."""
    return factories.MemberFactory(
        username="sam",
        suspended_until=timezone.now() + dt.timedelta(days=7),
        suspension_reason="Repeated personal attacks",
    )


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def visitor_client():
    return Client()


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def ed_client(ed):
    return _client_for(ed)


@pytest.fixture
def mo_client(mo):
    return _client_for(mo)


@pytest.fixture
def una_client(una):
    return _client_for(una)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def sam_client(sam):
    return _client_for(sam)


# Forum categories, used by the forum's tests and by site search.
@pytest.fixture
def members_cat(db):
    return factories.CategoryFactory(name="Clinical safety", slug="clinical-safety", access=Category.Access.MEMBERS)


@pytest.fixture
def public_cat(db):
    return factories.CategoryFactory(name="Open discussion", slug="open", access=Category.Access.PUBLIC)
