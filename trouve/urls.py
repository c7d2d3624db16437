from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from pages import views as pages_views

urlpatterns = [
    path("", pages_views.root_redirect, name="root"),
    path("api/v1/", include("api.urls")),
    path("healthz", pages_views.healthz, name="healthz"),
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("finder.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("guides/", include("guides.urls")),
    path("accounts/", include("accounts.urls")),
    path("portal/", include("referrals.urls")),
    path("funding/", include("funding.urls")),
    path("insights/", include("insights.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
