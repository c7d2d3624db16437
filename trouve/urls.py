from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from embeds import views as embeds_views
from finder.sitemaps import OrganizationSitemap, RegionSitemap, ServicePointSitemap
from guides.sitemaps import GuideSitemap
from pages import views as pages_views
from posters import views as posters_views

# The admin asks for the second factor too: staff reach it after logging in with TOTP.
admin.site.__class__ = OTPAdminSite

# A page in the person's language, and 503 + Retry-After when the database is unreachable (pages/errors.py).
handler500 = "pages.errors.server_error"
handler400 = "pages.errors.bad_request"
handler403 = "pages.errors.permission_denied"
handler404 = "pages.errors.page_not_found"

SITEMAPS = {
    "organizations": OrganizationSitemap,
    "service-points": ServicePointSitemap,
    "regions": RegionSitemap,
    "guides": GuideSitemap,
}

urlpatterns = [
    path("", pages_views.root_redirect, name="root"),
    path("api/v1/", include("api.urls")),
    path("api/hsds/", include("api.hsds_urls")),
    path("healthz", pages_views.healthz, name="healthz"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("embed.js", embeds_views.resize_script, name="embed_script"),  # partners' pages (embeds/)
    path("i18n/", include("django.conf.urls.i18n")),
    path("c/<str:code>", posters_views.share, name="share"),  # short share links (posters/share.py)
]

urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("finder.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("guides/", include("guides.urls")),
    path("posters/", include("posters.urls")),
    path("accounts/", include("accounts.urls")),
    path("portal/", include("referrals.urls")),
    path("funding/", include("funding.urls")),
    path("insights/", include("insights.urls")),
    path("embed/", include("embeds.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
