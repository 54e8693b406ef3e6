"""Resolving practitioner disagreements (DOMAIN.md section 3.5): a practitioner disagrees with
another agency's decision about a child, known here by case reference only, and the disagreement
escalates through the partnership's stages until it is resolved."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Versioned


class EscalationStage(models.Model):
    """One stage of a partnership's procedure, with its target in working days (configuration:
    Lincolnshire's example has four, each partnership sets its own)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="+")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, help_text="For example “Line managers”.")
    description = models.TextField(blank=True, help_text="Who talks to whom, and how.")
    target_working_days = models.PositiveSmallIntegerField(
        help_text="Working days from the start of the stage to its outcome.")

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [models.UniqueConstraint(fields=["partnership", "number"],
                                               name="one_escalation_stage_number")]

    def __str__(self):
        return f"Stage {self.number}: {self.name}"


class Theme(models.TextChoices):
    THRESHOLD = "threshold", "Whether the child's needs meet the level for a service"
    REFERRAL = "referral", "The response to a referral"
    ASSESSMENT = "assessment", "An assessment or its conclusion"
    PLAN = "plan", "A child protection or child in need plan"
    INFORMATION_SHARING = "information_sharing", "Information sharing"
    CLOSURE = "closure", "Closing the case or stepping it down"
    OTHER = "other", "Something else"


class Escalation(Versioned):
    """One disagreement between two agencies about one child."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    reference = models.CharField("case reference", max_length=40)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    raising_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                                       related_name="+", verbose_name="raised by agency")
    other_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                                     related_name="+", verbose_name="disagreement with")
    raised_on = models.DateField("date the disagreement was raised")
    theme = models.CharField(max_length=30, choices=Theme.choices)
    concern = models.TextField("what the disagreement is about")
    wanted = models.TextField("what the practitioner wants to happen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+",
                              verbose_name="current stage")
    stage_started_on = models.DateField()
    stage_due_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    learning = models.TextField(blank=True, help_text="What the agencies learned from it.")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    # In "My work", the stage's clock is the work of whoever may record its outcome.
    work_action = "resolve_escalation"

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=~models.Q(raising_agency=models.F("other_agency")),
            name="escalation_between_two_agencies")]

    def __str__(self):
        return self.log_label

    def get_absolute_url(self):
        return reverse("escalations:escalation-detail", args=[self.pk])

    @property
    def log_label(self):
        # The case reference only: never the child's name.
        return f"{self.reference}: disagreement"

    @property
    def owning_agency(self):
        return self.raising_agency

    def is_overdue(self, today):
        return self.status == self.Status.OPEN and self.stage_due_on < today


class EscalationStep(models.Model):
    """The disagreement at one stage: when the stage began, its target, and its outcome."""

    class Result(models.TextChoices):
        ESCALATED = "escalated", "Escalated to the next stage"
        RESOLVED = "resolved", "Resolved"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    due_on = models.DateField()
    target_working_days = models.PositiveSmallIntegerField()
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField("date of the outcome", null=True, blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["escalation", "stage__number"]
        constraints = [models.UniqueConstraint(fields=["escalation", "stage"],
                                               name="one_step_per_stage")]

    def __str__(self):
        return f"{self.escalation}: {self.stage}"

    @property
    def is_late(self):
        """Its outcome came after the target date."""
        return self.outcome_on is not None and self.outcome_on > self.due_on

    def is_overdue(self, today):
        return self.outcome_on is None and self.due_on < today
