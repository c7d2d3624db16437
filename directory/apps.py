from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the clientèle mask's receivers
