"""The demo data agrees with itself: one person, one job and one organisation wherever they appear
(the directory, their CCIO profile, the conference programme)."""

import io

import pytest

from accounts import demo as accounts_demo
from events import demo as events_demo
from events.models import Speaker
from profiles import demo as profiles_demo
from profiles.models import CCIOProfile, DirectoryEntry

pytestmark = pytest.mark.django_db


def _seed():
    for seed in (accounts_demo.seed, profiles_demo.seed, events_demo.seed):
        seed(io.StringIO())


def test_each_demo_person_has_one_job_and_one_organisation_everywhere():
    _seed()
    seen_profiles = seen_speakers = 0
    for username, (job, profession, organisation) in accounts_demo.DEMO_JOBS.items():
        user = accounts_demo.person(username)
        entry = DirectoryEntry.objects.select_related("organisation").get(user=user)
        assert (entry.job_title, entry.profession, entry.organisation.name) == (job, profession, organisation)
        for profile in CCIOProfile.objects.filter(member=user).select_related("organisation"):
            assert (profile.name, profile.role_title, profile.organisation.name) == (
                user.public_name,
                job,
                organisation,
            )
            seen_profiles += 1
        for speaker in Speaker.objects.filter(name=user.display_name):
            assert (speaker.job_title, speaker.organisation, speaker.member_id) == (job, organisation, user.pk)
            assert speaker.bio == f"{user.display_name} is {job} at {organisation}."
            seen_speakers += 1
    assert seen_profiles >= 7 and seen_speakers >= 8


def test_a_database_seeded_before_is_brought_in_line_and_seeding_twice_changes_nothing():
    _seed()
    priya = accounts_demo.person("priya")
    DirectoryEntry.objects.filter(user=priya).update(job_title="Deputy CCIO")
    CCIOProfile.objects.filter(member=priya).update(role_title="CCIO")
    Speaker.objects.filter(name=priya.display_name).update(job_title="National CCIO", member=None)
    counts = (DirectoryEntry.objects.count(), CCIOProfile.objects.count(), Speaker.objects.count())
    _seed()
    assert (DirectoryEntry.objects.count(), CCIOProfile.objects.count(), Speaker.objects.count()) == counts
    job = accounts_demo.DEMO_JOBS["priya"][0]
    assert DirectoryEntry.objects.get(user=priya).job_title == job
    assert CCIOProfile.objects.get(member=priya).role_title == job
    assert Speaker.objects.get(name=priya.display_name).member == priya
