"""Organisation and service point pages for /sitemap.xml in both languages, so search engines can find them."""

from django.contrib.sitemaps import Sitemap

from directory.models import Organization, ServiceAtLocation


class OrganizationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Organization.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, organization: Organization):
        return organization.updated_at


class ServicePointSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def items(self):
        return ServiceAtLocation.objects.filter(is_active=True).order_by("pk").only("pk")


class RegionSitemap(Sitemap):
    """The 17 regions' pages: where a region poster's QR code leads, and a way in for "emploi <region>" searches."""

    changefreq = "weekly"
    priority = 0.6
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        from geography.models import Region

        return list(Region.objects.order_by("code").values_list("code", flat=True))

    def location(self, code: str) -> str:
        from django.urls import reverse

        return reverse("finder:region", args=[code])
