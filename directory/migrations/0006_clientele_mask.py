"""Clientèle bits and the service points' clientèle mask, inside the search's covering index."""

from django.db import migrations, models


def bits_assign(apps, schema_editor):
    Clientele = apps.get_model("directory", "Clientele")
    for bit, clientele in enumerate(Clientele.objects.order_by("position", "slug", "id")):
        Clientele.objects.filter(pk=clientele.pk).update(bit=bit)


def masks_compute(apps, schema_editor):
    Clientele = apps.get_model("directory", "Clientele")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    links = apps.get_model("directory", "Service").clienteles.through._meta.db_table
    points, clientele = ServiceAtLocation._meta.db_table, Clientele._meta.db_table
    schema_editor.execute(
        f"UPDATE {points} SET clientele_mask = COALESCE((SELECT SUM(CAST(1 AS BIGINT) << c.bit) FROM {links} AS t"
        f" JOIN {clientele} AS c ON c.id = t.clientele_id WHERE t.service_id = {points}.service_id), 0)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_search_latitude_bands"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientele",
            name="bit",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(bits_assign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clientele",
            name="bit",
            field=models.PositiveSmallIntegerField(editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="clientele",
            constraint=models.CheckConstraint(condition=models.Q(bit__lte=62), name="clientele_bit_range"),
        ),
        migrations.AddField(
            model_name="serviceatlocation",
            name="clientele_mask",
            field=models.BigIntegerField(db_default=0, editable=False),
        ),
        migrations.RunPython(masks_compute, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="serviceatlocation",
            name="sal_search_band",
        ),
        migrations.AddIndex(
            model_name="serviceatlocation",
            index=models.Index(
                fields=[
                    "lat_band",
                    "longitude",
                    "latitude",
                    "is_active",
                    "clientele_mask",
                    "service_id",
                    "location_id",
                    "id",
                ],
                name="sal_search_band",
            ),
        ),
    ]
