"""Monthly totals folded before issue 17 kept cells of 1: merge them like the fold now does (across regions, then
into "other"), and drop what stays under the publication threshold."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations


def coarsen(apps, schema_editor):
    from insights.folding import cells_coarsen

    MonthlyAggregate = apps.get_model("insights", "MonthlyAggregate")
    minimum = int(getattr(settings, "INSIGHTS_MIN_CELL", 10))
    if not MonthlyAggregate.objects.filter(count__lt=minimum).exists():
        return
    cells: dict[tuple, int] = defaultdict(int)
    for row in MonthlyAggregate.objects.values_list("month", "region_code", "measure", "key", "is_sample", "count"):
        cells[row[:5]] += row[5]
    kept = cells_coarsen(cells, minimum)
    MonthlyAggregate.objects.all().delete()
    MonthlyAggregate.objects.bulk_create(
        [
            MonthlyAggregate(month=m, region_code=r, measure=measure, key=key, is_sample=sample, count=count)
            for (m, r, measure, key, sample), count in kept.items()
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("insights", "0003_unlinkable_events")]

    operations = [migrations.RunPython(coarsen, migrations.RunPython.noop)]
