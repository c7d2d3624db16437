"""Absolute links for e-mails (the site's public address comes from SITE_URL, never from a request's Host)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(name: str, *args, language: str = "fr") -> str:
    with translation.override(language if language in ("fr", "en") else "fr"):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
