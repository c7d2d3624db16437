"""Where visits come from: the classification (pure, fuzzed with hypothesis), the counting middleware (anonymous, no
cookie, nothing for staff pages, bots or refused tracking), and the same counts with the page cache on and off."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from insights.models import VisitCount
from insights.record import VISIT_KEYS_PER_MONTH, visit_record
from insights.visits import clean_host, landing_source
from speed.pagecache import HEADER
from speed.tests.test_events import queue as redis_queue  # noqa: F401 - the Redis queue fixture

OWN = {"trouvetonx.example", "testserver"}
HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")


@pytest.mark.parametrize(
    "referer, via, campaign, expected",
    [
        ("", "", "", ("direct", "")),
        ("https://www.google.ca/", "", "", ("search_engine", "google")),
        ("https://duckduckgo.com/", "", "", ("search_engine", "duckduckgo")),
        ("https://WWW.Ville.Example:8443/emploi/page?nom=Tremblay#x", "", "", ("site", "ville.example")),
        ("https://192.168.1.20/intranet", "", "", ("site", "")),
        ("https://user:secret@biblio.example/", "", "", ("site", "biblio.example")),
        ("https://trouvetonx.example/fr/search/", "", "", None),
        ("https://trouvetonx.example/fr/search/", "poster", "x", None),  # a link inside the site: not a landing
        ("", "poster", "marche-2026", ("poster", "marche-2026")),
        ("", "card", "Bad Tag!", ("card", "")),
        ("https://www.facebook.com/", "share", "", ("share", "")),
        ("https://trouvetonx.example/fr/embed/results/?host=ville.example", "embed", "", ("embed", "ville.example")),
        ("https://trouvetonx.example/fr/embed/results/?where=G5L", "embed", "", ("embed", "")),
        ("https://bücher.example/", "", "", ("site", "xn--bcher-kva.example")),
        ("not a url at all", "", "", ("site", "")),
    ],
)  # fmt: skip
def test_it_classifies_landings(referer, via, campaign, expected):
    found = landing_source(referer=referer, own_hosts=OWN, via=via, campaign=campaign)
    assert (None if found is None else (found.source, found.key)) == expected


@given(referer=st.text(max_size=300), via=st.sampled_from(["", "poster", "card", "share", "embed"]),
       campaign=st.text(max_size=60))  # fmt: skip
def test_whatever_the_referer_only_a_host_or_a_tag_is_kept(referer, via, campaign):
    found = landing_source(referer=referer, own_hosts=OWN, via=via, campaign=campaign)
    if found is not None:
        assert found.key == "" or (HOST.match(found.key) and len(found.key) <= 120)
        assert not any(char in found.key for char in "/?#@:= ")


@given(st.from_regex(r"https?://[a-zA-Z0-9.\-]{1,40}(:[0-9]{1,5})?(/[ -~]{0,40})?", fullmatch=True))
def test_a_referring_url_becomes_its_host_without_path_or_port(url):
    found = landing_source(referer=url, own_hosts=OWN)
    assert found is not None
    assert found.key == "" or (HOST.match(found.key) and found.key in url.lower())


@given(st.text(max_size=300))
def test_clean_host_never_keeps_anything_but_a_host_name(value):
    host = clean_host(value)
    assert host == "" or (HOST.match(host) and len(host) <= 120 and not host.startswith("www."))


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def visitor() -> Client:
    """A new browser: no cookie, a User-Agent as every browser sends."""
    return Client(HTTP_USER_AGENT=BROWSER)


def landing(path: str, **headers) -> None:
    response = visitor().get(path, **headers)
    assert response.status_code == 200
    assert not response.cookies


def counts() -> dict[tuple[str, str], int]:
    return {(row.source, row.key): row.count for row in VisitCount.objects.all()}


@pytest.fixture
def home(db):
    with translation.override("fr"):
        return reverse("pages:home")


def test_landings_are_counted_by_source_without_a_cookie(home):
    landing(home)
    landing(home, HTTP_REFERER="https://www.google.com/")
    landing(home, HTTP_REFERER="https://www.ville.example/services/")
    landing(home + "?via=poster&campaign=marche-2026")
    landing(home + "?via=share", HTTP_REFERER="https://www.facebook.com/")
    landing(home, HTTP_REFERER="http://testserver/fr/guides/")  # a click inside the site
    assert counts() == {("direct", ""): 1, ("search_engine", "google"): 1, ("site", "ville.example"): 1,
                        ("poster", "marche-2026"): 1, ("share", ""): 1}  # fmt: skip


def test_refused_tracking_bots_staff_pages_and_errors_are_not_counted(home, db):
    landing(home, HTTP_DNT="1")
    landing(home, HTTP_SEC_GPC="1")
    landing(home, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    Client().get(home)  # no User-Agent at all: a script
    visitor().get(reverse("accounts:login"))
    visitor().get(home + "nowhere/")
    visitor().get("/static/css/site.css")
    assert counts() == {}


def test_a_month_holds_a_bounded_number_of_hosts(db, rf):
    request = rf.get("/")
    for n in range(VISIT_KEYS_PER_MONTH + 3):
        visit_record(request, source="site", key=f"site{n}.example")
    assert VisitCount.objects.filter(source="site").count() == VISIT_KEYS_PER_MONTH + 1
    assert VisitCount.objects.get(source="site", key="").count == 3


def test_a_forged_key_is_cleaned_by_the_recorder_too(db, rf):
    request = rf.get("/")
    visit_record(request, source="site", key="https://evil.example/path?email=a@b.c")
    visit_record(request, source="poster", key="<script>")
    visit_record(request, source="nonsense", key="x")
    assert counts() == {("site", "evil.example"): 1, ("poster", ""): 1}


@pytest.fixture
def journey(reference_data, db):
    with translation.override("fr"):
        home, search, embed = reverse("pages:home"), reverse("finder:search"), reverse("embeds:results")
        guide = reverse("guides:index")
    near = f"{search}?where=Rimouski"
    frame = f"{embed}?where=Rimouski&host=ville.example"
    return [
        (home, {}), (home, {}), (home, {"HTTP_REFERER": "https://www.bing.com/"}),
        (home + "?via=poster&campaign=marche", {}), (home + "?via=poster&campaign=foire", {}),
        (home + "?via=card&utm_source=x", {}), (guide, {"HTTP_REFERER": "https://ville.example/a"}),
        (guide, {"HTTP_REFERER": "https://biblio.example/b"}), (guide, {"HTTP_DNT": "1"}),
        (near, {"HTTP_REFERER": "http://testserver/fr/"}), (near + "&via=share", {}), (near, {}),
        (frame, {"HTTP_REFERER": "https://ville.example/"}), (frame, {"HTTP_REFERER": "https://autre.example/"}),
        (frame, {}), (home + "?via=embed", {"HTTP_REFERER": "http://testserver" + frame}),
    ]  # fmt: skip


def replay(settings, journey, *, page_cache: bool) -> tuple[dict, int]:
    settings.PAGE_CACHE, settings.REDIS_URL = page_cache, ""
    VisitCount.objects.all().delete()
    cache.clear()
    hits = 0
    for path, headers in journey:
        response = visitor().get(path, **headers)
        assert response.status_code == 200, path
        hits += response.get(HEADER) == "hit"
    return counts(), hits


def test_counts_are_the_same_with_the_page_cache_on_and_off(settings, journey):
    without, no_hits = replay(settings, journey, page_cache=False)
    cached, hits = replay(settings, journey, page_cache=True)
    assert no_hits == 0 and hits >= 8
    assert cached == without
    assert without[("poster", "marche")] == without[("poster", "foire")] == 1
    assert without[("embed_search", "ville.example")] == 2 and without[("embed_search", "autre.example")] == 1
    assert without[("embed", "ville.example")] == 1
    assert without[("direct", "")] == 3  # home twice, the search without a Referer


def test_one_cached_page_serves_every_campaign(settings, journey, home):
    settings.PAGE_CACHE, settings.REDIS_URL = True, ""
    cache.clear()
    assert visitor().get(home + "?via=poster&campaign=a")[HEADER] == "miss"
    for query in ("", "?via=card&campaign=b", "?utm_source=lettre&utm_medium=email", "?campaign=c"):
        assert visitor().get(home + query)[HEADER] == "hit", query
    assert visitor().get(home + "?page=2")[HEADER] == "miss"


def test_old_months_lose_the_names_of_small_sites(db):
    import datetime as dt

    from insights.folding import events_fold

    old, recent = dt.date(2024, 1, 1), dt.date.today().replace(day=1)
    for month in (old, recent):
        VisitCount.objects.create(month=month, source="site", key="big.example", count=40)
        VisitCount.objects.create(month=month, source="site", key="small.example", count=3)
        VisitCount.objects.create(month=month, source="site", key="tiny.example", count=2)
        VisitCount.objects.create(month=month, source="embed_search", key="alone.example", count=4)
    events_fold(cutoff=dt.date(2024, 6, 1), minimum=5)
    kept = {(row.month, row.source, row.key): row.count for row in VisitCount.objects.all()}
    assert kept[(old, "site", "big.example")] == 40 and kept[(old, "site", "")] == 5
    assert (old, "site", "small.example") not in kept and (old, "embed_search", "") not in kept
    assert kept[(recent, "site", "small.example")] == 3  # recent months are left alone


@pytest.fixture
def queue(redis_queue):  # noqa: F811
    return redis_queue


def test_a_landing_on_a_cache_hit_is_queued_without_a_database_query(settings, home, queue, django_assert_num_queries):
    from speed import events
    from speed.tests.test_events import REDIS_URL

    settings.PAGE_CACHE, settings.REDIS_URL = True, REDIS_URL
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    visitor().get(home)
    queue.delete(events.queue_key())
    with django_assert_num_queries(0):
        assert visitor().get(home, HTTP_REFERER="https://www.ville.example/")[HEADER] == "hit"
    assert queue.llen(events.queue_key()) == 1
    assert events.drain() == 1
    assert counts() == {("site", "ville.example"): 1}


def test_a_campaign_tag_is_the_whole_value_or_nothing():
    from insights.visits import landing_source

    assert landing_source(referer="", own_hosts={"testserver"}, via="poster", campaign="spring").key == "spring"
    for forged in ("spring\n", "Spring", "spring tag", "x" * 41):
        assert landing_source(referer="", own_hosts={"testserver"}, via="poster", campaign=forged).key == ""
