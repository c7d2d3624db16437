from django.conf import settings
from django.urls import translate_url


def site(request) -> dict:
    """Settings the base template needs, and the same page in each language (the query string is kept)."""
    full_path = request.get_full_path()
    languages = [
        {"code": code, "name": name, "url": translate_url(full_path, code)} for code, name in settings.LANGUAGES
    ]
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SITE_URL": settings.SITE_URL,
        "language_links": languages,
    }
