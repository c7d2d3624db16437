"""The sample-data command: only sample centres, idempotent, says so when there is nothing to do."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import Organization
from funding.models import FundingParameters, TimeRecord
from funding.sample import sample_time_records_generate
from tests.fixtures.funding import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_other_sample_centres(db):
    """The session-wide reference data may hold the sample directory; these tests choose their own centres."""
    Organization.objects.filter(is_sample=True).update(is_sample=False)


def test_it_does_nothing_without_sample_centres(centre):
    out = StringIO()
    call_command("generate_sample_time_records", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert not TimeRecord.objects.exists()


def test_it_fills_sample_centres_once(centre):
    sample = make_centre(is_sample=True)
    filled, created = sample_time_records_generate(datetime.date(2026, 11, 26))
    assert filled == 1 and created > 300
    assert not TimeRecord.objects.filter(organization=centre).exists()
    assert TimeRecord.objects.filter(organization=sample, is_sample=True).count() == created
    assert FundingParameters.objects.filter(organization=sample, is_sample=True).count() == 2
    assert sample_time_records_generate(datetime.date(2026, 11, 26)) == (0, 0)
    for record in TimeRecord.objects.filter(organization=sample)[:200]:
        record.full_clean()
