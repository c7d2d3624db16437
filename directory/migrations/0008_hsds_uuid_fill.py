"""Give every existing directory record its UUID (in batches; new rows get one from the field's default)."""

import uuid

from django.db import migrations

MODELS = [
    "clientele",
    "servicekind",
    "organization",
    "service",
    "location",
    "address",
    "serviceatlocation",
    "phone",
    "schedule",
    "language",
    "accessibility",
    "servicearea",
]
BATCH = 2000
# directory.models.TERM_NAMESPACE (copied: a migration does not import the models it changes)
TERM_NAMESPACE = uuid.UUID("a23f00a0-7bd4-5584-9e1c-65dbbe7b81e7")
TERMS = {"clientele": "clientele", "servicekind": "kind"}


def fill(apps, schema_editor):
    for name, kind in TERMS.items():
        model = apps.get_model("directory", name)
        for term in model.objects.filter(uuid__isnull=True):
            term.uuid = uuid.uuid5(TERM_NAMESPACE, f"{kind}:{term.slug}")
            term.save(update_fields=["uuid"])
    for name in MODELS:
        model = apps.get_model("directory", name)
        pks = list(model.objects.filter(uuid__isnull=True).values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            rows = [model(pk=pk, uuid=uuid.uuid4()) for pk in pks[start : start + BATCH]]
            model.objects.bulk_update(rows, ["uuid"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_hsds_uuid_fields")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
