from django.db import models


class DrainedBatch(models.Model):
    """A batch of queued events already written: written in the same transaction as its events, so that a drainer
    that dies after the commit but before deleting the batch from Redis never has it written twice."""

    batch_id = models.CharField(max_length=32, unique=True)
    events = models.PositiveIntegerField()
    drained_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.batch_id} ({self.events} events)"
