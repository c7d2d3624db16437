"""Every published figure goes through insights/disclosure.py, the evidence page is public and protected, and
"What we record" describes every stored field of the event models."""

import csv
import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse
from django.utils.translation import override

from insights import disclosure
from tests.fixtures.insights import make_searches

LAST_MONTH = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
PERIOD = {"period": f"{LAST_MONTH:%Y-%m}"}
EVENT_MODELS = ("SearchEvent", "ImpressionCount", "ContactEvent", "GuideReadEvent", "MonthlyAggregate", "VisitCount")

# Every view that publishes figures (name -> who may open it). A new insights or funding report view must be added
# here, or the next test fails.
PUBLISHING = {
    "insights:dashboard": "analyst",
    "insights:summary": "analyst",
    "insights:export": "analyst",
    "insights:centre": "counsellor",
    "insights:centre_export": "counsellor",
    "insights:evidence": "anyone",
    "insights:evidence_print": "anyone",
    "insights:evidence_export": "anyone",
    "funding:network": "analyst",
    "funding:network_csv": "analyst",
    "funding:network_xlsx": "analyst",
}
NOT_PUBLISHING = {"insights:what_we_record"}


def test_it_lists_every_view_that_could_publish_figures():
    resolver = get_resolver()
    names = set()
    for namespace in ("insights", "funding"):
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    insights_views = {n for n in names if n.startswith("insights:")}
    assert insights_views == set(PUBLISHING) - {n for n in PUBLISHING if n.startswith("funding:")} | NOT_PUBLISHING
    assert {n for n in names if n.startswith("funding:network")} == {n for n in PUBLISHING if "network" in n}


@pytest.mark.parametrize("name", sorted(PUBLISHING))
def test_it_sends_every_published_figure_through_the_disclosure_module(
    name, db, reference_data, analyst, counsellor_a, staff_client, client, monkeypatch
):
    calls = []
    for function in ("dominance_ok", "rounded", "protect_matrix"):
        original = getattr(disclosure, function)
        monkeypatch.setattr(
            disclosure, function, lambda *a, _f=original, _n=function, **k: calls.append(_n) or _f(*a, **k)
        )
    make_searches(30, day=LAST_MONTH, region_code="03")
    user = PUBLISHING[name]
    browser = client if user == "anyone" else staff_client(analyst if user == "analyst" else counsellor_a)
    with override("en"):
        response = browser.get(reverse(name), PERIOD)
    assert response.status_code == 200
    used = set(calls)
    if name.startswith("funding:"):
        assert "dominance_ok" in used
    else:
        assert "rounded" in used


def test_it_describes_every_stored_field_on_what_we_record(db, client):
    for language in ("fr", "en"):
        with override(language):
            page = client.get(reverse("insights:what_we_record")).content.decode()
        described = {field for value in re.findall(r'data-field="([^"]+)"', page) for field in value.split()}
        for model_name in EVENT_MODELS:
            model = apps.get_model("insights", model_name)
            for field in model._meta.concrete_fields:
                assert f"{model_name}.{field.name}" in described, f"{model_name}.{field.name} is not described"
        assert "Global Privacy Control" in page


def test_it_knows_every_event_model():
    """A new model in insights is either an event model described on the page or the rounding secret."""
    names = {m.__name__ for m in apps.get_app_config("insights").get_models()}
    assert names == set(EVENT_MODELS) | {"DisclosureKey"}


def test_it_publishes_the_evidence_page_to_anyone_with_closed_periods_only(db, reference_data, client):
    make_searches(43, day=LAST_MONTH, region_code="03", unmet=True)
    make_searches(57, day=LAST_MONTH, region_code="03")
    make_searches(4, day=LAST_MONTH, region_code="05")
    make_searches(30, day=LAST_MONTH, region_code="04")  # the complement of the small cell
    make_searches(80, day=dt.date.today(), region_code="03")
    for language in ("fr", "en"):
        with override(language):
            page = client.get(reverse("insights:evidence"), PERIOD)
            assert page.status_code == 200
            text = page.content.decode()
            assert "Capitale-Nationale" in text and 'name="period"' in text
            printable = client.get(reverse("insights:evidence_print"), PERIOD).content.decode()
            assert 'name="period"' not in printable and "Capitale-Nationale" in printable
            lines = list(csv.DictReader(io.StringIO(client.get(reverse("insights:evidence_export"), PERIOD)
                                                    .content.decode("utf-8-sig"))))  # fmt: skip
    cells = {(line["row"], line["column"]): line for line in lines if line["table"] == "regions"}
    assert cells[("Capitale-Nationale", "Searches")]["value"] == "100"
    assert cells[("Mauricie", "Searches")]["suppressed"] == "1"
    for line in lines:
        assert line["value"] == "" or not line["value"].isdigit() or int(line["value"]) % 5 == 0 or \
            line["table"] == "unpaid"  # fmt: skip
    current = client.get(reverse("insights:evidence_export"), {"period": f"{dt.date.today():%Y-%m}"})
    assert f"{dt.date.today():%Y-%m}" not in current.content.decode()


def test_it_shows_the_unpaid_share_only_under_the_dominance_rule(db, reference_data, client):
    from funding.models import NetworkSharingConsent
    from tests.fixtures.funding import make_centre, make_parameters, make_record, make_staff

    staff = make_staff()
    quarter_start = dt.date(LAST_MONTH.year, 3 * ((LAST_MONTH.month - 1) // 3) + 1, 1)
    centres = [make_centre() for _ in range(3)]
    for centre in centres:
        make_parameters(centre, valid_from=quarter_start)
        NetworkSharingConsent.objects.create(organization=centre, agreed_on=quarter_start)
    minutes = (600, 600, 600)
    for centre, m in zip(centres, minutes, strict=True):
        make_record(centre, staff, LAST_MONTH, m)
    with override("en"):
        lines = list(csv.DictReader(io.StringIO(
            client.get(reverse("insights:evidence_export"), PERIOD).content.decode("utf-8-sig"))))  # fmt: skip
    total = next(line for line in lines if line["table"] == "unpaid" and line["row"].startswith("All centres")
                 and line["column"].startswith("Unpaid"))  # fmt: skip
    assert total["suppressed"] == "0" and total["value"].isdigit()  # three equal centres
    make_record(centres[0], staff, LAST_MONTH, 20_000)  # one centre now makes most of the hours
    with override("en"):
        lines = list(csv.DictReader(io.StringIO(
            client.get(reverse("insights:evidence_export"), PERIOD).content.decode("utf-8-sig"))))  # fmt: skip
    shares = [line for line in lines if line["table"] == "unpaid" and line["column"].startswith("Unpaid")]
    assert shares and all(line["suppressed"] == "1" for line in shares)
