"""Search functions the site search can call: published items only; directory privacy holds."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles.search import search_articles
from editorial.models import Status
from profiles.search import search_members, search_profiles
from tests.factories import ArticleFactory, CCIOProfileFactory, DirectoryEntryFactory, MemberFactory


def test_article_search_finds_only_published_articles(db):
    ArticleFactory(title="Procurement of an electronic patient record")
    ArticleFactory(title="Procurement draft", status=Status.DRAFT)
    ArticleFactory(title="Procurement withdrawn", status=Status.WITHDRAWN)
    ArticleFactory(
        title="Procurement scheduled", status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(days=1)
    )
    assert [a.title for a in search_articles("procurement")] == ["Procurement of an electronic patient record"]
    assert search_articles("   ") == []


def test_profile_search_finds_only_published_profiles(db):
    CCIOProfileFactory(headline="Bilingual records in Cardiff")
    CCIOProfileFactory(headline="Cardiff draft", status=Status.DRAFT)
    assert [p.headline for p in search_profiles("cardiff")] == ["Bilingual records in Cardiff"]


def test_member_search_respects_privacy(alice, db):
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Visible Everyone"), visibility="everyone")
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Visible Members"), visibility="members")
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Visible Nobody"), visibility="nobody")
    names = {e.user.display_name for e in search_members(AnonymousUser(), "visible")}
    assert names == {"Dr Visible Everyone"}
    names = {e.user.display_name for e in search_members(alice, "visible")}
    assert names == {"Dr Visible Everyone", "Dr Visible Members"}
