from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The admin's section titles, in the person's language (the apps and libraries are named in English in code).
SECTION_TITLES = {
    "accounts": _("Staff accounts"),
    "directory": _("Directory of centres"),
    "eligibility": _("Eligibility rules"),
    "funding": _("Time and funding"),
    "geography": _("Geography"),
    "guides": _("Guides"),
    "insights": _("Figures"),
    "referrals": _("Contact requests"),
    "auditlog": _("Audit log"),
    "axes": _("Login attempts and lockouts"),
    "otp_totp": _("Second factor (TOTP)"),
    "django_tasks_database": _("Background tasks"),
}


def _create_cache_table(**kwargs) -> None:
    # The default cache lives in the database (stateless app servers); make sure its table exists after migrate.
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


def _brand_admin() -> None:
    """The admin carries the site's name and French section titles instead of Django's stock branding."""
    from django.contrib import admin

    admin.site.site_header = _("Trouve ton X — administration")
    admin.site.site_title = _("Trouve ton X administration")
    admin.site.index_title = _("Manage the site")
    for label, title in SECTION_TITLES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = title


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
        _brand_admin()
