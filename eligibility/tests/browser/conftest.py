"""Reuse the lead's browser fixtures (tests/browser/conftest.py): a gunicorn server on the sample data, Chromium."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    e2e_env,
    journey,
    journey_factory,
    nojs_journey,
    site_url,
    viewport,
)
