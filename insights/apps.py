from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self) -> None:
        from .deferred import open_request, run_pending

        request_started.connect(open_request, dispatch_uid="insights_open_request")
        request_finished.connect(run_pending, dispatch_uid="insights_run_pending")
