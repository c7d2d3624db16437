"""Test-wide settings and the registry of shared fixture modules (one per app, in tests/fixtures/)."""

import os

import pytest
from django.core.management import call_command

pytest_plugins = [
    "tests.fixtures.geography",
    "tests.fixtures.directory",
    "tests.fixtures.eligibility",
    "tests.fixtures.finder",
    "tests.fixtures.accounts",
    "tests.fixtures.referrals",
    "tests.fixtures.funding",
    "tests.fixtures.guides",
    "tests.fixtures.insights",
    "tests.fixtures.browser",
]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAP_TILE_URL = ""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # The whole-page cache is off unless a test turns it on (speed/tests), so that every other test sees its view
    # run; TEST_PAGE_CACHE=True runs the whole suite with it on.
    settings.PAGE_CACHE = os.environ.get("TEST_PAGE_CACHE") == "True"
    # Fragments kept in this process under a data version a rolled-back test wrote (speed/fragments.py).
    from speed.fragments import store

    store().clear()


@pytest.fixture(autouse=True)
def _french_first():
    """Every test starts in the default language: a request to an /en/ page leaves English active in the thread,
    which would otherwise leak into the next test that renders without a request."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def reference_data(django_db_setup, django_db_blocker):
    """Geography, taxonomy, the sample directory, rules and guides, loaded once for the whole test session.

    Tests that use it must be plain `db` tests (each rolls back), never transactional ones, which would flush it.
    """
    with django_db_blocker.unblock():
        call_command("load_sample_data", "--reference-only", verbosity=0)


def pytest_collection_modifyitems(config, items):
    """Every test under a ``browser/`` folder is a browser journey (``-m "not browser"`` skips them)."""
    for item in items:
        if "/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
