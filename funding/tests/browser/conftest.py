"""Reuse the lead's browser fixtures (tests/browser/conftest.py), as eligibility/ and insights/ do."""

from tests.browser.conftest import browser, e2e_env, journey_factory, site_url  # noqa: F401
