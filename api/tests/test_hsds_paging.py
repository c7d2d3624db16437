"""HSDS pages at any depth: with the page index (unfiltered lists, data version on) a page is the same as counted
with OFFSET, a write to the directory gives new pages at once, and a deep page costs a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.hsds_pages import page_rows
from directory.importer import directory_import
from directory.models import Organization, Service
from speed import version
from tests.fixtures.directory import import_data, organization_raw


@pytest.fixture
def data_version(db, settings):
    settings.PAGE_CACHE = True
    settings.REDIS_URL = ""
    cache.clear()
    version.ensure()


def _pages(items, per_page: int, *, indexed: bool) -> list[list]:
    total, _rows = page_rows(items, 1, per_page, indexed=indexed)
    pages = -(-total // per_page)
    return [[row.uuid for row in page_rows(items, n, per_page, indexed=indexed)[1]] for n in range(1, pages + 2)]


@pytest.mark.parametrize("per_page", [1, 7, 50])
def test_indexed_pages_are_the_counted_pages(reference_data, data_version, per_page):
    services = Service.objects.order_by("uuid")
    indexed = _pages(services, per_page, indexed=True)
    assert indexed == _pages(services, per_page, indexed=False)
    assert [uuid for page in indexed for uuid in page] == sorted(s.uuid for s in Service.objects.all())
    assert indexed[-1] == []  # past the last page: empty, as counted
    assert page_rows(services, 1, per_page, indexed=True)[0] == Service.objects.count()


def test_a_write_to_the_directory_gives_new_pages_at_once(data_version, directory_ready):
    directory_import(import_data(organization_raw(slug="a")))
    orgs = Organization.objects.order_by("uuid")
    before = page_rows(orgs, 1, 50, indexed=True)[0]
    directory_import(import_data(organization_raw(slug="b")))
    assert page_rows(orgs, 1, 50, indexed=True)[0] == before + 1
    assert Organization.objects.get(slug="b").uuid in [uuid for page in _pages(orgs, 50, indexed=True) for uuid in page]


def test_without_the_data_version_pages_are_counted(reference_data, db, settings):
    settings.PAGE_CACHE = False
    services = Service.objects.order_by("uuid")
    assert page_rows(services, 2, 10, indexed=True) == page_rows(services, 2, 10, indexed=False)


def test_a_deep_page_costs_the_same_queries_as_the_first(reference_data, data_version):
    services = Service.objects.select_related("organization").order_by("uuid")
    last = -(-Service.objects.count() // 5)
    page_rows(services, 1, 5, indexed=True)  # the index is made once per data version
    counts = []
    for page in (1, last):
        with CaptureQueriesContext(connection) as queries:
            assert page_rows(services, page, 5, indexed=True)[1]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3
