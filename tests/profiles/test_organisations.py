"""Organisations: ODS code format and uniqueness."""

import pytest
from django.db import IntegrityError

from profiles.forms import OrganisationForm
from profiles.models import Organisation
from tests.factories import OrganisationFactory


@pytest.mark.parametrize("code", ["RJ1", "rj1", "QWE", "A81001", "X26", ""])
def test_valid_ods_codes(code, db):
    form = OrganisationForm({"name": "Trust", "type": "acute", "region": "london", "ods_code": code})
    assert form.is_valid(), form.errors
    organisation = form.save()
    assert organisation.ods_code == (code.upper() or None)


@pytest.mark.parametrize("code", ["R", "RJ-1", "TOOLONG1", "<script>"])
def test_invalid_ods_codes(code, db):
    form = OrganisationForm({"name": "Trust", "type": "acute", "region": "london", "ods_code": code})
    assert not form.is_valid()
    assert "ods_code" in form.errors


def test_ods_code_is_unique_in_the_form_and_the_database(db):
    OrganisationFactory(ods_code="RJ1")
    form = OrganisationForm({"name": "Other", "type": "acute", "region": "london", "ods_code": "rj1"})
    assert not form.is_valid()
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="Dup", type="acute", region="london", ods_code="RJ1")


def test_many_organisations_may_have_no_code(db):
    OrganisationFactory(ods_code=None)
    OrganisationFactory(ods_code="")
    assert Organisation.objects.filter(ods_code__isnull=True).count() == 2
