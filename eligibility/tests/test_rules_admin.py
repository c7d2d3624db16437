"""Rules edited by network administrators: validated, effective at once, recorded in the audit log."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from eligibility.engine import Answers
from eligibility.finder import decide_for_service_points
from eligibility.models import Mandate, Rule, RuleSet
from tests.fixtures.accounts import verified_login

pytestmark = pytest.mark.usefixtures("illustrative_rules")
EMPLOYED = Answers(employment=("employed",), income_support=("none",), status="citizen_pr", career_change=False)


def rule(slug):
    return Rule.objects.get(slug=slug)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"condition": {"income": ["employment_insurance"]}}, "condition"),
        ({"condition": {"employment": ["astronaut"]}}, "condition"),
        ({"condition": ["employment"]}, "condition"),
        ({"valid_to": dt.date(2020, 1, 1)}, "valid_to"),
    ],
)
def test_it_refuses_an_invalid_rule_with_a_reason(changes, field):
    item = rule("r07-employed")
    for key, value in changes.items():
        setattr(item, key, value)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert field in error.value.message_dict and error.value.message_dict[field][0]


def test_it_refuses_a_rule_set_that_ends_before_it_starts():
    rule_set = RuleSet.objects.get(slug="current-illustrative")
    rule_set.valid_to = rule_set.valid_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        rule_set.full_clean()


def test_it_refuses_a_mandate_that_says_nothing(service_point_factory):
    point = service_point_factory(region="06", mandate={"age": {"min": 16, "max": 35}})
    mandate = Mandate.objects.get(service=point.service)
    mandate.condition = {}
    with pytest.raises(ValidationError):
        mandate.full_clean()


def _change_form_data(item: Rule, **overrides) -> dict:
    data = {
        "rule_set": item.rule_set_id,
        "slug": item.slug,
        "label_fr": item.label_fr,
        "label_en": item.label_en,
        "explanation_fr": item.explanation_fr,
        "explanation_en": item.explanation_en,
        "condition": '{"employment": ["employed", "self_employed"]}',
        "outcome": item.outcome,
        "region": item.region_id or "",
        "valid_from": item.valid_from.isoformat(),
        "valid_to": "",
        "source_title": item.source_title,
        "source_url": item.source_url,
        "source_reference": item.source_reference,
        "position": item.position,
    }
    data.update(overrides)
    return data


def test_it_changes_the_finders_answer_at_once_and_keeps_the_history(client, rules_admin, service_point_factory):
    point = service_point_factory(region="03")
    assert decide_for_service_points(EMPLOYED, [point.pk])[point.pk].status == "to_confirm"
    verified_login(client, rules_admin)
    item = rule("r03-employed")
    url = reverse("admin:eligibility_rule_change", args=[item.pk])
    response = client.post(url, _change_form_data(item, outcome="eligible"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert decide_for_service_points(EMPLOYED, [point.pk])[point.pk].status == "eligible"
    entry = LogEntry.objects.get_for_object(item).latest("timestamp")
    assert entry.actor == rules_admin
    assert entry.changes_dict["outcome"] == ["to_confirm", "eligible"]
    history = client.get(reverse("admin:eligibility_rule_auditlog", args=[item.pk]))
    assert history.status_code == 200 and "nadia" in history.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"condition": '{"employment": ["astronaut"]}'},
        {"condition": "{not json"},
        {"valid_to": "2020-01-01"},
        {"region": "18"},
    ],
)
def test_it_shows_why_the_admin_refuses_a_rule(client, rules_admin, overrides):
    verified_login(client, rules_admin)
    item = rule("r07-employed")
    response = client.post(
        reverse("admin:eligibility_rule_change", args=[item.pk]), _change_form_data(item, **overrides)
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    item.refresh_from_db()
    assert item.condition == {"employment": ["employed", "self_employed"]}


@pytest.mark.parametrize("model", ["ruleset", "rule", "mandate"])
def test_it_lists_and_opens_every_model_in_the_admin(client, rules_admin, model):
    verified_login(client, rules_admin)
    assert client.get(reverse(f"admin:eligibility_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:eligibility_{model}_add")).status_code == 200
