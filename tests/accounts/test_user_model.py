import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts import roles
from accounts.models import User
from tests.factories import EditorFactory, MemberFactory, ModeratorFactory, UserFactory


def test_email_is_unique_whatever_its_case(db):
    UserFactory(email="Jane.Smith@nhs.net")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="other", email="jane.smith@NHS.NET")


def test_username_is_unique_whatever_its_case(db):
    UserFactory(username="JaneSmith")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="janesmith", email="other@nhs.net")


def test_username_lookup_for_login_ignores_case(db):
    user = UserFactory(username="JaneSmith")
    assert User.objects.get_by_natural_key("janesmith") == user


@pytest.mark.parametrize("username", ["ab", "-jane", "jane-", "jane smith", "jane@nhs", "<script>", "x" * 31])
def test_bad_usernames_are_refused(db, username):
    user = User(username=username, email="a@nhs.net")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "username" in error.value.message_dict


@pytest.mark.parametrize("username", ["jane", "jane_smith", "Dr-Jane-2"])
def test_good_usernames_are_accepted(db, username):
    User(username=username, email="a@nhs.net", password="x").full_clean()


def test_public_name_prefers_display_name(db):
    assert UserFactory(username="jsmith", display_name="Dr Jane Smith").public_name == "Dr Jane Smith"
    assert UserFactory(username="jdoe", display_name="").public_name == "jdoe"


def test_roles_come_from_groups(db):
    member, editor, moderator, applicant = MemberFactory(), EditorFactory(), ModeratorFactory(), UserFactory()
    assert (member.is_member, member.is_editor, member.is_moderator) == (True, False, False)
    assert (editor.is_member, editor.is_editor, editor.is_moderator) == (True, True, False)
    assert (moderator.is_member, moderator.is_editor, moderator.is_moderator) == (True, False, True)
    assert (applicant.is_member, applicant.is_editor, applicant.is_moderator) == (False, False, False)
    assert editor.badges == ["Editors"]
    assert moderator.badges == ["Moderators"]


def test_inactive_accounts_have_no_roles(db):
    member = MemberFactory(is_active=False)
    assert not member.is_member


def test_staff_roles_need_mfa(db):
    assert EditorFactory().needs_mfa
    assert ModeratorFactory().needs_mfa
    assert UserFactory(is_staff=True).needs_mfa
    assert not MemberFactory().needs_mfa


def test_suspension(sam, alice):
    assert sam.is_suspended
    assert not alice.is_suspended


def test_the_three_roles_exist_with_their_permissions(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    moderators = Group.objects.get(name=roles.MODERATORS)
    assert moderators.permissions.filter(codename="change_membershipapplication").exists()
