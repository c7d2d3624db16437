"""The illustrative rules and sample mandates as load_sample_data installs them, on the sample directory."""

import pytest

from directory.models import ServiceAtLocation
from eligibility.engine import Answers
from eligibility.finder import decide_for_service_points
from eligibility.models import Mandate, Rule


@pytest.mark.django_db
def test_it_installs_rules_and_mandates_with_the_sample_data(reference_data):
    assert Rule.objects.filter(rule_set__slug="current-illustrative").count() == 44
    assert Mandate.objects.count() == 38
    youth_points = ServiceAtLocation.objects.filter(service__slug="parcours-jeunes").values_list("pk", flat=True)
    assert youth_points
    on_ei = {"income_support": ("employment_insurance",)}
    older = decide_for_service_points(Answers(age_range="50_64", **on_ei), youth_points)
    younger = decide_for_service_points(Answers(age_range="18_24", **on_ei), youth_points)
    assert {d.status for d in older.values()} == {"not_eligible"}
    assert {d.status for d in younger.values()} == {"eligible"}
