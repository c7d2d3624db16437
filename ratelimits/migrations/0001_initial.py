# Takes over referrals.RateLimitBucket's existing table (see referrals/migrations/0003): state only, no data moves.
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="ratelimits", model="ratelimitbucket").exists():
        ContentType.objects.using(db).filter(app_label="referrals", model="ratelimitbucket").update(
            app_label="ratelimits"
        )


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="referrals", model="ratelimitbucket").exists():
        ContentType.objects.using(db).filter(app_label="ratelimits", model="ratelimitbucket").update(
            app_label="referrals"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("referrals", "0003_ratelimitbucket_moves_to_ratelimits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateLimitBucket",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("key", models.CharField(max_length=120)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "referrals_ratelimitbucket",
                        "constraints": [
                            models.UniqueConstraint(fields=("key", "window_start"), name="one_bucket_per_window")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
