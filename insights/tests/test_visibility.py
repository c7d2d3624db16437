"""The dashboard's "where visits come from": small counts suppressed, small sites never named, the CSV the same."""

import datetime as dt

import pytest
from django.urls import reverse

from insights.models import VisitCount
from insights.record import visit_record
from tests.fixtures.accounts import verified_client


def last_quarter() -> tuple[str, list[dt.date]]:
    today = dt.date.today()
    quarter = (today.month - 1) // 3  # the current quarter, 0-based; the previous one is closed
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    first = 3 * quarter - 2
    return f"{year}-Q{quarter}", [dt.date(year, first + i, 1) for i in range(3)]


@pytest.fixture
def dashboard(db, client, analyst):
    staff = verified_client(client, analyst)
    code, months = last_quarter()
    for source, key, count in [("site", "big-partner.example", 60), ("site", "small-blog.example", 4),
                               ("embed_search", "ville.example", 35), ("embed_shown", "ville.example", 120),
                               ("embed_search", "tiny.example", 2), ("poster", "marche", 25), ("card", "marche", 3),
                               ("direct", "", 80), ("share", "", 3), ("search_engine", "google", 50)]:  # fmt: skip
        VisitCount.objects.create(month=months[0], source=source, key=key, count=count)

    def get(name: str):
        return staff.get(reverse(name), {"period": code})

    return get


def test_sources_are_shown_and_small_ones_suppressed(dashboard):
    page = dashboard("insights:dashboard")
    assert page.status_code == 200
    tables = {table.slug: table for table in page.context["report"].visibility}
    visits = {row[0]: row[-1] for row in tables["visits"].rows}
    assert visits["Liens partagés"].suppressed  # 3 shares
    assert not visits["Affiches"].suppressed and visits["Affiches"].value % 5 == 0
    text = page.text
    assert "big-partner.example" in text and "ville.example" in text and "google" in text
    assert "small-blog.example" not in text and "tiny.example" not in text  # never named
    embeds = {row[0]: row[1:] for row in tables["visits-embeds"].rows}
    assert [cell.suppressed for cell in embeds["ville.example"]] == [False, False, False]
    assert embeds["ville.example"][2].value == 0  # no visit followed from it


def test_the_csv_never_names_a_small_site_either(dashboard):
    body = dashboard("insights:export").content.decode()
    assert "big-partner.example" in body and "small-blog.example" not in body and "tiny.example" not in body


def test_visits_recorded_this_month_are_not_published_yet(db, client, analyst, rf):
    visit_record(rf.get("/"), source="site", key="fresh.example")
    for _ in range(20):
        visit_record(rf.get("/"), source="site", key="fresh.example")
    page = verified_client(client, analyst).get(reverse("insights:dashboard"))
    assert "fresh.example" not in page.text
