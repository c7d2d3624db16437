"""Rate-limit counters shared by every app server (when Redis is not configured). Below accounts and referrals."""

from django.db import models


class RateLimitBucket(models.Model):
    """One counter per key and time window."""

    key = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The table keeps the name it had in referrals: moving the model moved no data.
        db_table = "referrals_ratelimitbucket"
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_bucket_per_window")]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start}: {self.count}"
