"""Test-wide settings: a fast password hasher, background tasks run at once, no map tiles."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAP_TILE_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
