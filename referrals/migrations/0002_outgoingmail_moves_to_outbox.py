# The outgoing mail queue moved to its own app (outbox). Only Django's idea of which app owns the model changes: the
# table, its rows and its index stay where they are (outbox.OutgoingMail keeps db_table="referrals_outgoingmail").
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingMail")],
            database_operations=[],
        ),
    ]
