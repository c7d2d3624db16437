"""The four peripheral categories of the association's brief and a sample list of framework service types.

Both lists are editable in the admin; the service types are illustrative (sample) until a centre sets its own.
"""

from django.db import migrations

PERIPHERAL = [
    ("mobilisation", "Mobilisation des acteurs sociaux", "Mobilising social actors"),
    ("gestion-interne", "Gestion interne", "Internal management"),
    ("promotion", "Promotion des services offerts", "Promoting the services"),
    ("formation-continue", "Formation continue des équipes d'intervention", "Continuous training of the teams"),
]
SERVICE_TYPES = [
    ("evaluation", "Évaluation des besoins et plan d'action", "Needs assessment and action plan"),
    ("orientation", "Orientation professionnelle", "Career guidance"),
    ("recherche-emploi", "Aide à la recherche d'emploi", "Job-search assistance"),
    ("accompagnement", "Accompagnement individuel", "Individual support"),
    ("atelier", "Atelier de groupe", "Group workshop"),
    ("information-marche", "Information sur le marché du travail", "Labour-market information"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("PeripheralCategory", PERIPHERAL), ("ServiceType", SERVICE_TYPES)):
        model = apps.get_model("funding", model_name)
        for position, (slug, fr, en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug, defaults={"name": fr, "name_fr": fr, "name_en": en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
