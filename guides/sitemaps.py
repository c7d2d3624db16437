"""Published guides for /sitemap.xml (the root urls wire it with the finder's sitemaps), in both languages."""

from django.contrib.sitemaps import Sitemap

from .models import Guide


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Guide.objects.published().order_by("position", "slug")

    def lastmod(self, guide: Guide):
        return guide.updated_at
