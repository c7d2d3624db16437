"""The rulebook read from the database: the rules of a page's regions decide as the rules of every region do."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import REGION_CODES, Answers
from eligibility.rulebook import rulebook_and_rows, rulebook_load
from eligibility.tests.test_engine import answers_st


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers_st, regions=st.sets(st.sampled_from(REGION_CODES), min_size=1, max_size=3))
def test_a_rulebook_of_some_regions_decides_as_the_whole_one(illustrative_rules, answers, regions):
    whole = rulebook_load()
    part, _rows = rulebook_and_rows(None, regions=regions)
    assert len(part.current_rules) < len(whole.current_rules)
    for region in regions:
        assert part.compare(answers, region) == whole.compare(answers, region)


def test_a_rulebook_of_some_regions_refuses_another_region(illustrative_rules):
    part, _rows = rulebook_and_rows(None, regions={"06"})
    with pytest.raises(ValueError, match="not of region '07'"):
        part.compare(Answers(), "07")
