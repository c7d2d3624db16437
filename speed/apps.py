from django.apps import AppConfig


class SpeedConfig(AppConfig):
    name = "speed"
    verbose_name = "Speed (whole-page cache, batched events)"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from .version import flush_due, migrated, migrating, watch_connection

        # Every database connection reports writes to the directory's data, whatever makes them (admin, portal,
        # imports, raw SQL of the loaders): the data version is bumped from there (speed/version.py).
        connection_created.connect(watch_connection, dispatch_uid="speed-watch-writes")
        request_finished.connect(flush_due, dispatch_uid="speed-flush-due")
        pre_migrate.connect(migrating, sender=self, dispatch_uid="speed-migrating")
        post_migrate.connect(migrated, sender=self, dispatch_uid="speed-migrated")
