"""The demo data seeds without errors and is idempotent."""

import io

from accounts import demo as accounts_demo
from articles import demo as articles_demo
from articles.models import Article
from editorial import demo as editorial_demo
from editorial.models import Status
from profiles import demo as profiles_demo
from profiles.models import CCIOProfile, DirectoryEntry, Organisation


def _seed():
    out = io.StringIO()
    for module in (accounts_demo, editorial_demo, profiles_demo, articles_demo):
        module.seed(out)


def test_seed_is_complete_and_idempotent(db, settings, tmp_path):
    _seed()
    counts = (Organisation.objects.count(), DirectoryEntry.objects.count(), CCIOProfile.objects.count())
    _seed()
    assert (Organisation.objects.count(), DirectoryEntry.objects.count(), CCIOProfile.objects.count()) == counts
    assert DirectoryEntry.objects.count() == 30
    assert CCIOProfile.objects.count() == 8
    assert CCIOProfile.objects.filter(panel_chair=True).count() == 1
    assert set(Organisation.objects.values_list("region", flat=True)) >= {
        "north-east-yorkshire", "north-west", "midlands", "east-of-england", "london", "south-east",
        "south-west", "scotland", "wales", "northern-ireland",
    }  # fmt: skip
    assert Article.objects.count() == 12
    assert Article.objects.filter(status=Status.SCHEDULED).count() == 1
    assert Article.objects.filter(status=Status.DRAFT).count() == 1
    assert Article.objects.published().count() == 10
    assert Article.objects.filter(hero_image="").count() == 0
