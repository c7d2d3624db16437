import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Reasons are asserted on their English msgids; one test checks the French catalogue explicitly."""
    with translation.override("en"):
        yield
