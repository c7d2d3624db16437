from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"

    def ready(self) -> None:
        # Corrections are recorded (who, when, old → new) by django-auditlog.
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.TimeRecord, exclude_fields=["updated_at", "month"])
        auditlog.register(models.ReportingPeriod)
        auditlog.register(models.FundingParameters, m2m_fields={"recognised_service_types"})
        auditlog.register(models.NetworkSharingConsent)
        auditlog.register(models.ServiceType)
        auditlog.register(models.PeripheralCategory)
