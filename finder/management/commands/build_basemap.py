"""Write the map's base layer (region boundaries, municipality names) from the bundled geography (finder/basemap.py)."""

from django.core.management.base import BaseCommand

from finder.basemap import basemap_write


class Command(BaseCommand):
    help = "Build finder/static/finder/basemap/ from data/geography (run after replacing the geography files)."

    def handle(self, *args, **options):
        for path in basemap_write():
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")
