from django.db import models
from django.urls import reverse

from safeguarding.core.models import CaseRecord


class SampleCase(CaseRecord):
    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified"
        DECIDED = "decided", "Decided"
        REVIEWING = "reviewing", "Under rapid review"
        CLOSED = "closed", "Closed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    la_became_aware = models.DateField()
    decision = models.TextField(blank=True)
    summary = models.TextField(blank=True)

    def get_absolute_url(self):
        return reverse("casework:case-detail", args=[self.pk])
