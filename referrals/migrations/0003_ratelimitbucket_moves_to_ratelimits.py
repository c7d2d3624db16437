# The rate-limit counters moved to their own app (ratelimits), below accounts and referrals. State only: the table,
# its rows and its constraint stay (ratelimits.RateLimitBucket keeps db_table="referrals_ratelimitbucket").
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_outgoingmail_moves_to_outbox")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateLimitBucket")],
            database_operations=[],
        ),
    ]
