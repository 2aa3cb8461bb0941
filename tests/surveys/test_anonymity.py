"""An anonymous survey's stored rows and CSV hold nothing that links a response to its member."""

import csv
import datetime as dt
import io
import uuid

from django.db import models

from profiles.models import DirectoryEntry
from surveys.models import Answer, Participation, Response
from tests import factories
from tests.surveys.test_results import answer

RESULTS = "/surveys/role/results/"


def _respondents(count):
    organisation = factories.OrganisationFactory(region="wales")
    people = []
    for n in range(count):
        member = factories.MemberFactory(username=f"respondent{n}", display_name=f"Dr Respondent {n}")
        DirectoryEntry.objects.create(user=member, organisation=organisation, profession="nurse")
        people.append(member)
    return people


def _values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_stored_rows_carry_no_member_no_time_and_no_sequence(anonymous_survey):
    people = _respondents(3)
    for n, member in enumerate(people):
        answer(anonymous_survey, member, days=str(n + 1), text=f"text {n}")
    member_ids = {m.pk for m in people}
    participation_ids = set(Participation.objects.values_list("pk", flat=True))
    assert Participation.objects.filter(survey=anonymous_survey).count() == 3
    participation_fields = {f.name for f in Participation._meta.concrete_fields}
    assert participation_fields == {"id", "survey", "member"}  # no time, nothing pointing at a response

    for response in Response.objects.filter(survey=anonymous_survey):
        assert isinstance(response.pk, uuid.UUID)
        assert response.member_id is None and response.updated_at is None
        for name, value in _values(response).items():
            assert not isinstance(value, dt.datetime), name
            if name not in ("survey_id",):
                assert value not in member_ids and value not in participation_ids, name
    for row in Answer.objects.filter(response__survey=anonymous_survey):
        assert isinstance(row.pk, uuid.UUID)
        for name, value in _values(row).items():
            assert not isinstance(value, dt.datetime), name
    # No model keeps a time or a counter on responses or answers that could be matched against answering order.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.AutoField | models.BigAutoField) or (
                model is Response and field.name == "updated_at"
            )


def test_the_csv_of_an_anonymous_survey_has_no_identity(ed_client, anonymous_survey):
    people = _respondents(3)
    for member in people:
        answer(anonymous_survey, member, text="My words")
    content = ed_client.get(RESULTS + "export.csv").content.decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "Response"
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[0][1:] == [q.text for q in anonymous_survey.questions.all()]
    for member in people:
        for identity in (member.username, member.display_name, member.email):
            assert identity not in content
    # Neither the directory attributes nor any time.
    assert "wales" not in content and "nurse" not in content and ":" not in content


def test_the_results_page_names_nobody(ed_client, anonymous_survey):
    people = _respondents(5)
    for member in people:
        answer(anonymous_survey, member, text="My words")
    html = ed_client.get(RESULTS + "?by=region").content.decode()
    for member in people:
        assert member.display_name not in html and member.username not in html
