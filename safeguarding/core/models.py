"""The shared records: the access log, clock rules and deadlines, workflow events and actions."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.clocks import Unit


class Versioned(models.Model):
    """A record that refuses a save made from an out-of-date copy (see `core.versioning`)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


END_BEFORE_START = "The end date must be the same as or after the start date"


class DatedQuerySet(models.QuerySet):
    def current(self, day):
        """The rows in force on `day`."""
        return self.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day))

    def overlapping(self, starts_on, ends_on=None):
        """The rows whose dates share at least one day with starts_on..ends_on (open-ended when
        ends_on is None)."""
        rows = self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=starts_on))
        return rows if ends_on is None else rows.filter(starts_on__lte=ends_on)


class Dated(models.Model):
    """Something held from a date to a date: a role grant, an office, a seat on a group."""

    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_it_starts",
            )
        ]

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": END_BEFORE_START})

    def is_current(self, day):
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class CaseRecord(Versioned):
    """A record about a child (a serious incident, a review, a child death): need-to-know.

    The child is named only by a case reference and a pseudonym ("Child A"). Only the case's
    members and its panel see it (the access policy), and every view is logged.
    """

    is_case_record = True

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField("case reference", max_length=40)
    pseudonym = models.CharField(max_length=40, help_text="For example Child A.")
    panel = models.ForeignKey(
        "partnership.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The panel whose members review this case.",
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.log_label

    @property
    def log_label(self):
        return f"{self.reference} ({self.pseudonym})"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("The access log cannot be changed.")

    def delete(self):
        raise ValidationError("The access log cannot be changed.")


class AccessEvent(models.Model):
    """Who looked at, downloaded or exported what, when and from which page. Never edited."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"
        DENIED = "denied", "Refused access"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor code refused"
        CSRF_FAILED = "csrf_failed", "Form check failed"
        DISPOSED = "disposed", "Anonymised or deleted under its retention rule"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as typed so the log still says who it was after an account is removed.
    user_email = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    # The partnership the record belongs to: whose business manager may read the event.
    partnership = models.ForeignKey(
        "partnership.Partnership", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # A case reference and a pseudonym at most: never a child's name.
    record_label = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=500, blank=True)
    page = models.CharField("from page", max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The access log cannot be changed.")


class ClosureDay(models.Model):
    """A day a partnership's offices are closed beyond bank holidays: working-day clocks skip it."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="closure_days"
    )
    day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "day"], name="one_closure_a_day")
        ]

    def __str__(self):
        return f"{self.day:%d %B %Y}: {self.reason}"


class ClockRule(models.Model):
    """One version of a statutory clock. Rows are never changed: a new value is a new version."""

    key = models.CharField(max_length=64, db_index=True)
    version = models.PositiveIntegerField()
    partnership = models.ForeignKey(
        "partnership.Partnership", null=True, blank=True, on_delete=models.CASCADE,
        related_name="clock_rules", help_text="Empty for the national default.",
    )
    unit = models.CharField(max_length=20, choices=Unit.CHOICES)
    amount = models.IntegerField()
    since = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    source = models.TextField()
    note = models.TextField(blank=True)
    effective_from = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "partnership", "version"], name="one_clock_rule_version",
            ),
            models.UniqueConstraint(
                fields=["key", "version"], condition=models.Q(partnership__isnull=True),
                name="one_national_clock_rule_version",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.amount} {self.get_unit_display()}, version {self.version})"


class Deadline(models.Model):
    """A due date computed for one record from one version of a clock rule, stored once."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="deadlines"
    )
    rule = models.ForeignKey(ClockRule, on_delete=models.PROTECT, related_name="deadlines")
    label = models.CharField(max_length=200)
    record_label = models.CharField(max_length=200)
    # The case reference alone, for e-mails: never a name, not even the pseudonym.
    record_reference = models.CharField(max_length=40, blank=True)
    started_on = models.DateField()
    due_on = models.DateField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["met_on", "cancelled", "due_on"]),
            # "My work" reads one partnership's open deadlines, not the country's.
            models.Index(fields=["partnership", "due_on"], name="deadline_open_in_partnership",
                         condition=models.Q(met_on__isnull=True, cancelled=False)),
        ]

    def __str__(self):
        return f"{self.label}: due {self.due_on:%d %B %Y}"

    @property
    def is_open(self):
        return self.met_on is None and not self.cancelled


class Reminder(models.Model):
    """One reminder e-mail about one deadline to one person. The unique row is what makes the
    reminder task safe to retry: a reminder already recorded is never sent again."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Due soon"
        DUE = "due", "Due today"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "recipient", "kind"],
                                    name="one_reminder_of_a_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.deadline}"


class WorkflowEvent(models.Model):
    """One move of a case record from one state to the next: who, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    move = models.CharField(max_length=64)
    from_state = models.CharField(max_length=64)
    to_state = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.move}: {self.from_state} to {self.to_state}"


def attachment_path(instance, filename):
    """A random name under the year and month: the original name (which may hold a child's
    name) is kept only in the database and given back on download."""
    import uuid

    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to any record: a meeting paper, a review draft, self-assessment evidence.
    Type-checked by content on upload, stored outside the web root, served only as a download."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    content_type_header = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    restricted = models.BooleanField(
        default=False, help_text="Only the members of the group or case may download it."
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by",
        help_text="The earlier version this file replaces.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.title

    @property
    def version_number(self):
        number, earlier = 1, self.supersedes
        while earlier is not None:
            number, earlier = number + 1, earlier.supersedes
        return number


class ActionItem(Versioned):
    """One action in the shared tracker, whatever produced it: a meeting decision, a review
    recommendation, an audit finding, a self-assessment, a scrutiny challenge."""

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(
        max_length=200, help_text="Where the action came from, for example a meeting's decision."
    )
    owner_agency = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    completion_evidence = models.TextField("evidence of completion", blank=True)
    impact_evidence = models.TextField("evidence of impact", blank=True)
    impact_recorded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["partnership", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
                name="completed_action_has_date",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:action-detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    def is_overdue(self, today):
        return self.is_open and self.due_on < today


class RetentionReview(models.Model):
    """A case record past its retention period (`core/retention.py`), listed for the business
    manager to decide: anonymised or deleted on approval, or kept for longer with a reason.
    The row stays after the record is gone: who decided what, when and under which rule."""

    class Status(models.TextChoices):
        DUE = "due", "Waiting for a decision"
        DISPOSED = "disposed", "Anonymised or deleted"
        KEPT = "kept", "Kept for longer"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    rule = models.CharField(max_length=40)
    # A case reference and a pseudonym at most, as the access log names records.
    record_label = models.CharField(max_length=200)
    counted_from = models.DateField()
    due_on = models.DateField("past retention on")
    found_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    disposal = models.CharField(max_length=10, blank=True,
                                help_text="What was done: anonymised or deleted.")
    reason = models.TextField(blank=True, help_text="Why it is kept for longer.")
    keep_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["partnership", "status"])]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               name="one_retention_review_a_record")]

    def __str__(self):
        return f"{self.record_label}: past retention on {self.due_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("core:retention-review", args=[self.pk])

    @property
    def status_label(self) -> str:
        """The status in words: for a record disposed of, what was done to it."""
        if self.status == self.Status.DISPOSED and self.disposal:
            return self.disposal.capitalize()
        return self.get_status_display()
