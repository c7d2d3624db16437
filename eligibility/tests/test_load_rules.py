"""manage.py load_rules: validates the whole file, reports every problem, loads idempotently."""

import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from eligibility.models import Mandate, Rule, RuleSet
from eligibility.rulefile import json_schema
from tests.fixtures.eligibility import RULE_FILE

SCHEMA_FILE = RULE_FILE.with_name("rules.schema.json")


@pytest.fixture
def no_rules(eligibility_regions):
    """A clean slate even when the session-wide sample data is loaded (rolled back after each test)."""
    Mandate.objects.all().delete()
    RuleSet.objects.all().delete()


def test_it_ships_a_schema_that_matches_the_parser():
    assert json.loads(SCHEMA_FILE.read_text()) == json_schema()


def test_it_ships_an_illustrative_file_valid_under_the_schema():
    jsonschema.validate(json.loads(RULE_FILE.read_text()), json.loads(SCHEMA_FILE.read_text()))


def test_it_loads_the_illustrative_rules_idempotently(no_rules):
    out = StringIO()
    call_command("load_rules", str(RULE_FILE), stdout=out)
    assert "created, 0 updated, 0 unchanged" in out.getvalue()
    call_command("load_rules", str(RULE_FILE), stdout=out)
    assert out.getvalue().splitlines()[-1].startswith(f"{RULE_FILE}: 0 created, 0 updated, ")
    assert RuleSet.objects.count() == 2 and Rule.objects.count() == 45
    assert Rule.objects.get(slug="r07-employed").label_fr == "Personnes en emploi (Outaouais)"


def test_it_keeps_an_administrators_edit_unless_asked_to_update(no_rules):
    call_command("load_rules", str(RULE_FILE), stdout=StringIO())
    Rule.objects.filter(slug="r13-precarious-pilot").update(outcome="eligible")
    call_command("load_rules", str(RULE_FILE), stdout=StringIO())
    assert Rule.objects.get(slug="r13-precarious-pilot").outcome == "eligible"
    call_command("load_rules", str(RULE_FILE), "--update", stdout=StringIO())
    assert Rule.objects.get(slug="r13-precarious-pilot").outcome == "to_confirm"


def _broken_file(tmp_path, mutate) -> str:
    data = json.loads(RULE_FILE.read_text())
    mutate(data)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data))
    return str(path)


def _several_problems(data):
    rules = data["rule_sets"][0]["rules"]
    rules[0]["condition"] = {"income": ["employment_insurance"]}
    rules[1]["valid_to"] = "2000-01-01"
    rules[2]["region"] = "18"
    rules[3]["id"] = rules[4]["id"]
    del rules[5]["label"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_several_problems, ["Unknown question “income”", "end date", "unknown region code '18'", "used twice",
                             "rules.5.label: Field required"]),
        (lambda d: d.update(format="something-else"), ["format"]),
        (lambda d: d["rule_sets"][0]["rules"][0].update(outcome="maybe"), ["outcome"]),
        (lambda d: d["rule_sets"][0]["rules"][0].update(condition={"age": {"min": 40, "max": 20}}), ["minimum age"]),
    ],
)  # fmt: skip
def test_it_reports_every_problem_and_loads_nothing(tmp_path, no_rules, mutate, expected):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_rules", _broken_file(tmp_path, mutate), stdout=StringIO(), stderr=err)
    for fragment in expected:
        assert fragment in err.getvalue()
    assert not RuleSet.objects.exists()


@pytest.mark.parametrize("content", ["{not json", "", "[]", '{"format": "trouve-ton-x/eligibility-rules"}'])
def test_it_explains_a_malformed_file(tmp_path, eligibility_regions, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_rules", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip()


def test_it_explains_a_missing_file(tmp_path, db):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_rules", str(tmp_path / "missing.json"), stdout=StringIO(), stderr=err)
    assert "Cannot read" in err.getvalue()
