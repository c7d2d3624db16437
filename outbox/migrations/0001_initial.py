# Takes over referrals.OutgoingMail's existing table (see referrals/migrations/0002): state only, no data moves.
import django.db.models.deletion
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Admin permissions and log entries point at the content type: move it to the new app rather than orphan it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="outbox", model="outgoingmail").exists():
        ContentType.objects.using(db).filter(app_label="referrals", model="outgoingmail").update(app_label="outbox")


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="referrals", model="outgoingmail").exists():
        ContentType.objects.using(db).filter(app_label="outbox", model="outgoingmail").update(app_label="referrals")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("referrals", "0002_outgoingmail_moves_to_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingMail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("kind", models.CharField(max_length=40)),
                        ("to", models.EmailField(max_length=254)),
                        ("subject", models.CharField(max_length=200)),
                        ("body", models.TextField()),
                        (
                            "status",
                            models.CharField(
                                choices=[("pending", "pending"), ("sent", "sent"), ("failed", "failed")],
                                default="pending",
                                max_length=8,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.CharField(blank=True, max_length=300)),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "contact_request",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mails",
                                to="referrals.contactrequest",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "referrals_outgoingmail",
                        "indexes": [models.Index(fields=["status", "next_attempt_at"], name="mail_status_next")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
