from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.models import Membership

        # Every membership change (invitation, acceptance, admin edit, shell) is in the audit log.
        auditlog.register(Membership)
