"""Events that cannot be linked back (issue 17): random ids, the month instead of the day, no precision, delays in
bands, a random token instead of a keyed hash of the request id, impressions as per-centre monthly counters, and the
secret that seeds the rounding of published counts."""

import secrets

import django.db.models.deletion
from django.db import migrations, models

import insights.models


def fill_months(apps, schema_editor):
    for name in ("SearchEvent", "ContactEvent", "GuideReadEvent"):
        model = apps.get_model("insights", name)
        for day in model.objects.values_list("day", flat=True).distinct():
            model.objects.filter(day=day).update(month=day.replace(day=1))


def fill_delays(apps, schema_editor):
    ContactEvent = apps.get_model("insights", "ContactEvent")
    bands = ((0, 24, "day"), (24, 48, "two_days"), (48, 168, "week"), (168, 10**9, "longer"))
    for low, high, band in bands:
        ContactEvent.objects.filter(hours_to_first_contact__gte=low, hours_to_first_contact__lt=high).update(delay=band)


def fill_impressions(apps, schema_editor):
    SearchImpression = apps.get_model("insights", "SearchImpression")
    ImpressionCount = apps.get_model("insights", "ImpressionCount")
    counts: dict = {}
    for org_id, day in SearchImpression.objects.values_list("organization_id", "day").iterator():
        key = (org_id, day.replace(day=1))
        counts[key] = counts.get(key, 0) + 1
    ImpressionCount.objects.bulk_create(
        [ImpressionCount(organization_id=o, month=m, count=n) for (o, m), n in counts.items()], batch_size=2000
    )


def rekey(apps, schema_editor):
    """Old rows get random ids too, so their order is lost as well."""
    vendor = schema_editor.connection.vendor
    expression = (
        "(random() & 4611686018427387903) + 1" if vendor == "sqlite" else "floor(random() * 4.6e18)::bigint + 1"
    )
    for name in ("SearchEvent", "ContactEvent", "GuideReadEvent"):
        table = schema_editor.quote_name(apps.get_model("insights", name)._meta.db_table)
        schema_editor.execute(f"UPDATE {table} SET id = {expression}")  # noqa: S608 - table name from the model


def make_key(apps, schema_editor):
    DisclosureKey = apps.get_model("insights", "DisclosureKey")
    if not DisclosureKey.objects.exists():
        DisclosureKey.objects.create(pk=1, key=secrets.token_hex(32))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_service_point_description"),
        ("insights", "0002_reading_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DisclosureKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(make_key, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ImpressionCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="directory.organization"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("organization", "month"), name="one_impression_count")
                ]
            },
        ),
        migrations.RunPython(fill_impressions, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchImpression"),
        # The month instead of the day.
        migrations.AddField("searchevent", "month", models.DateField(null=True)),
        migrations.AddField("contactevent", "month", models.DateField(null=True)),
        migrations.AddField("guidereadevent", "month", models.DateField(null=True)),
        migrations.AddField("contactevent", "delay", models.CharField(blank=True, max_length=10, choices=[
            ("day", "within one day"), ("two_days", "within two days"), ("week", "within a week"),
            ("longer", "more than a week"),
        ])),  # fmt: skip
        migrations.RunPython(fill_months, migrations.RunPython.noop),
        migrations.RunPython(fill_delays, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="searchevent", name="search_day_cover"),
        migrations.RemoveIndex(model_name="contactevent", name="contact_org_day"),
        migrations.RemoveField("searchevent", "day"),
        migrations.RemoveField("searchevent", "precision"),
        migrations.RemoveField("contactevent", "day"),
        migrations.RemoveField("contactevent", "hours_to_first_contact"),
        migrations.RemoveField("contactevent", "request_key"),
        migrations.RemoveField("guidereadevent", "day"),
        migrations.AlterField("searchevent", "month", models.DateField(help_text="First day of the calendar month of the search")),
        migrations.AlterField("contactevent", "month", models.DateField()),
        migrations.AlterField("guidereadevent", "month", models.DateField()),
        migrations.AddField(
            "contactevent",
            "token",
            models.CharField(
                blank=True, max_length=32, null=True, unique=True,
                help_text="Random; the request holds the same token until its personal data is purged, then both are erased",
            ),
        ),  # fmt: skip
        migrations.AddIndex(
            model_name="searchevent",
            index=models.Index(fields=["month", "region_code", "unmet", "result_count"], name="search_month_cover"),
        ),
        migrations.AddIndex(
            model_name="contactevent", index=models.Index(fields=["organization", "month"], name="contact_org_month")
        ),
        # Random ids.
        migrations.AlterField(
            "searchevent", "id",
            models.BigIntegerField(default=insights.models.random_id, editable=False, primary_key=True, serialize=False),
        ),  # fmt: skip
        migrations.AlterField(
            "contactevent", "id",
            models.BigIntegerField(default=insights.models.random_id, editable=False, primary_key=True, serialize=False),
        ),  # fmt: skip
        migrations.AlterField(
            "guidereadevent", "id",
            models.BigIntegerField(default=insights.models.random_id, editable=False, primary_key=True, serialize=False),
        ),  # fmt: skip
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
