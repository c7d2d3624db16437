"""Fixtures of the page-cache and fragment tests."""

import pytest
from django.core.cache import cache

from directory.importer import directory_import
from directory.models import ServiceAtLocation
from tests.fixtures.directory import import_data, organization_raw

LAT, LON = 51.5, -63.5


@pytest.fixture
def page_cache(db, settings):
    settings.PAGE_CACHE = True
    settings.REDIS_URL = ""
    cache.clear()
    return settings


@pytest.fixture
def horizon(page_cache, directory_ready):
    directory_import(import_data(organization_raw()))
    return ServiceAtLocation.objects.get(service__organization__slug="horizon-test")


@pytest.fixture
def far_point(page_cache, make_point, reference_data):
    """A point alone in a corner of Côte-Nord (as in tests/test_query_counts.py): searches there find only it."""
    return make_point(LAT, LON, clienteles=("youth",), name="Organisme du bout du monde")
