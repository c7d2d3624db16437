"""Generate a large fictional directory for benchmarks, or delete it (organisations whose slug starts with "gen-")."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.bulk import statistics_refresh
from directory.generate import GeographyMissingError, generate_service_points, generated_delete


class Command(BaseCommand):
    help = "Create N generated service points over real municipalities (bench data), or --delete them."

    def add_arguments(self, parser):
        parser.add_argument("--service-points", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--delete", action="store_true", help="Delete every generated organisation first")

    def handle(self, *args, service_points: int, seed: int, delete: bool, **options):
        if service_points < 0 or service_points > 2_000_000:
            raise CommandError(_("--service-points must be between 0 and 2,000,000"))
        if not delete and not service_points:
            raise CommandError(_("Give --service-points N and/or --delete"))
        if delete:
            started = time.perf_counter()
            count = generated_delete()
            self.stdout.write(
                _("Deleted %(count)s generated organisations (%(seconds).1f s)")
                % {"count": count, "seconds": time.perf_counter() - started}
            )
        if service_points:
            started = time.perf_counter()
            try:
                created = generate_service_points(service_points, seed=seed)
            except GeographyMissingError as exc:
                raise CommandError(str(exc)) from exc
            statistics_refresh()
            self.stdout.write(
                _("Created %(count)s service points (%(seconds).1f s)")
                % {"count": created, "seconds": time.perf_counter() - started}
            )
