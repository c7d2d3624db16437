from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(**kwargs) -> None:
    # The default cache lives in the database (stateless app servers); make sure its table exists after migrate.
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
