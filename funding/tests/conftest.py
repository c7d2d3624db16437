"""Funding tests run in French (the default language) whatever an earlier test left active."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield
