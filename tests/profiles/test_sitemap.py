"""The sitemap lists published articles and profiles and public directory entries only."""

import datetime as dt

from django.utils import timezone

from editorial.models import Status
from tests.factories import ArticleFactory, CCIOProfileFactory, DirectoryEntryFactory, MemberFactory


def test_sitemap_lists_only_public_published_things(visitor_client, django_assert_max_num_queries, db):
    ArticleFactory(slug="live-article")
    ArticleFactory(slug="draft-article", status=Status.DRAFT)
    ArticleFactory(slug="future-article", status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(days=1))
    CCIOProfileFactory(slug="live-profile")
    CCIOProfileFactory(slug="withdrawn-profile", status=Status.WITHDRAWN)
    DirectoryEntryFactory(user=MemberFactory(username="opendoor"), visibility="everyone")
    DirectoryEntryFactory(user=MemberFactory(username="membersonly"), visibility="members")
    DirectoryEntryFactory(user=MemberFactory(username="hiddenaway"), visibility="nobody")
    with django_assert_max_num_queries(9):  # two per sitemap (a count and the items); pages added two
        response = visitor_client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/articles/live-article/" in body and "/profiles/live-profile/" in body and "/members/opendoor/" in body
    for hidden in ("draft-article", "future-article", "withdrawn-profile", "membersonly", "hiddenaway"):
        assert hidden not in body
