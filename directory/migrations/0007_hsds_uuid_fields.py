"""HSDS 3.0: a UUID on every record HSDS names (nullable first, filled by 0008, made unique by 0009), the HSDS slot
for what has no column, and HSDS's service statuses."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_clientele_mask")]

    operations = [
        migrations.AddField(
            model_name="clientele", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(
            model_name="servicekind", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(
            model_name="organization", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(model_name="service", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(model_name="location", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(model_name="address", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(
            model_name="serviceatlocation", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(model_name="phone", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(model_name="schedule", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(model_name="language", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")),
        migrations.AddField(
            model_name="accessibility", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(
            model_name="servicearea", name="uuid", field=models.UUIDField(null=True, verbose_name="UUID")
        ),
        migrations.AddField(
            model_name="organization",
            name="hsds_extra",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="service", name="hsds_extra", field=models.JSONField(blank=True, default=dict, editable=False)
        ),
        migrations.AddField(
            model_name="location", name="hsds_extra", field=models.JSONField(blank=True, default=dict, editable=False)
        ),
        migrations.AddField(
            model_name="serviceatlocation",
            name="hsds_extra",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AlterField(
            model_name="service",
            name="status",
            field=models.CharField(
                choices=[
                    ("active", "active"),
                    ("inactive", "inactive"),
                    ("defunct", "defunct"),
                    ("temporarily closed", "temporarily closed"),
                ],
                default="active",
                max_length=20,
            ),
        ),
    ]
