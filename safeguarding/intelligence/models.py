"""Multi-agency safeguarding data (DOMAIN.md section 3.4): the indicators a partnership uses to
"assess the health of the safeguarding system", their values by period and by protected
characteristic, and the files the values came from; the governance records of section 3.7
(business plan priorities, budget, risk register) and the partners' yearly report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Versioned


class IndicatorSet(models.Model):
    """Indicators reported together, in one file ("Children's social care"): one template each."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="indicator_sets")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"],
                                               name="one_indicator_set_per_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intelligence:set-detail", args=[self.pk])


class Indicator(models.Model):
    """One measure, as the partnership defines it: what it counts, who owns the figure, which
    way is better, the target, how often it is reported and how it may be broken down."""

    class Unit(models.TextChoices):
        COUNT = "count", "Number"
        RATE = "rate_10k", "Rate per 10,000 children"
        PERCENT = "percent", "Percentage"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        YEARLY = "yearly", "Yearly (April to March)"

    class Breakdown(models.TextChoices):
        AGE_BAND = "age_band", "Age band"
        SEX = "sex", "Sex"
        ETHNICITY = "ethnicity", "Ethnicity"
        DISABILITY = "disability", "Disability"
        LOCALITY = "locality", "Area"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="indicators")
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE,
                                      related_name="indicators")
    code = models.SlugField(max_length=50, help_text="How the indicator is named in the file "
                                                     "(letters, numbers and hyphens).")
    name = models.CharField(max_length=200)
    definition = models.TextField()
    owner_agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    tolerance = models.DecimalField(
        max_digits=5, decimal_places=2, default=5,
        help_text="How far from the target (per cent of it) before the figure is an exception.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    breakdowns = models.JSONField(default=list, blank=True,
                                  help_text="The Breakdown keys the figures come by.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_set", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"],
                                               name="one_indicator_per_code")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intelligence:indicator-detail", args=[self.pk])

    @property
    def breakdown_labels(self) -> list[str]:
        labels = dict(self.Breakdown.choices)
        return [labels[key] for key in self.breakdowns if key in labels]


def import_path(instance, filename: str) -> str:
    import uuid

    return f"intelligence/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DataImport(models.Model):
    """One file of figures for an indicator set. Checked in full first: a file with any bad row
    is refused whole, with every bad row listed. A good file replaces the figures it holds for
    its periods; the figures it replaces are kept, marked as superseded."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="+")
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE,
                                      related_name="imports")
    file = models.FileField(upload_to=import_path, max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{line, reason}]")
    values_added = models.PositiveIntegerField(default=0)
    values_replaced = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.uploaded_at):%-d %B %Y %H:%M})"

    def get_absolute_url(self):
        return reverse("intelligence:import-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.IMPORTED, self.Status.REFUSED)

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class Value(models.Model):
    """One figure: an indicator in one period, as a whole (no breakdown) or for one category of
    one breakdown. A figure replaced by a later import stays, pointing at what replaced it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The first day of the period")
    breakdown = models.CharField(max_length=20, blank=True,
                                 choices=Indicator.Breakdown.choices)
    category = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.ForeignKey(DataImport, on_delete=models.PROTECT, related_name="values")
    superseded_by = models.ForeignKey(DataImport, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded")

    class Meta:
        ordering = ["indicator", "period", "breakdown", "category"]
        constraints = [models.UniqueConstraint(
            fields=["indicator", "period", "breakdown", "category"],
            condition=models.Q(superseded_by__isnull=True), name="one_current_value")]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        return f"{self.indicator}, {self.period:%B %Y}: {self.value}"


class Priority(models.Model):
    """A priority of the partnership's business plan for one business year, set by the
    partners. Its actions are in the shared action tracker, with the priority as their source."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="priorities")
    year = models.CharField(max_length=7, help_text="The business year, like 2026/27")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead_agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-year", "number"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "number"],
                                               name="one_priority_per_number")]

    def __str__(self):
        return f"Priority {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("intelligence:plan", args=[self.partnership.slug])


class Contribution(models.Model):
    """A partner's contribution to the partnership's budget for one business year."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="contributions")
    year = models.CharField(max_length=7)
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                               related_name="+")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-year", "-amount"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "agency"],
                                               name="one_contribution_a_year")]

    def __str__(self):
        return f"{self.agency}, {self.year}"


class BudgetLine(models.Model):
    """A line of expenditure for one business year: what was budgeted and what was spent in
    each quarter (April to June is the first)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="budget_lines")
    year = models.CharField(max_length=7)
    name = models.CharField(max_length=120)
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    q1 = models.DecimalField("spent April to June", max_digits=12, decimal_places=2, default=0)
    q2 = models.DecimalField("spent July to September", max_digits=12, decimal_places=2,
                             default=0)
    q3 = models.DecimalField("spent October to December", max_digits=12, decimal_places=2,
                             default=0)
    q4 = models.DecimalField("spent January to March", max_digits=12, decimal_places=2,
                             default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-year", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "name"],
                                               name="one_budget_line_per_name")]

    def __str__(self):
        return f"{self.name}, {self.year}"

    def get_absolute_url(self):
        return reverse("intelligence:budget", args=[self.partnership.slug])

    @property
    def spent(self):
        return self.q1 + self.q2 + self.q3 + self.q4

    @property
    def remaining(self):
        return self.budget - self.spent


class Risk(models.Model):
    """An entry of the partnership's risk register: scored as likelihood times impact (each 1
    to 5), with its owner and what is done about it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="risks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    mitigation = models.TextField("what is being done", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reviewed_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "status", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intelligence:risks", args=[self.partnership.slug])

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> str:
        from safeguarding.intelligence.rules import risk_rating

        return risk_rating(self.score)


# -- the yearly report ----------------------------------------------------------------------------


class YearlyReport(Versioned):
    """The safeguarding partners' yearly report for one business year (DOMAIN.md section 3.7),
    drafted by the business unit from the platform's own data. Each section holds the figures
    as they were when built (a snapshot, refreshed on request while a draft) and a narrative.
    Once published nothing in it changes; the dates it went to the National Panel and the What
    Works centre are recorded against the 7-day clock."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="yearly_reports")
    year = models.CharField(max_length=7, help_text="The business year, like 2025/26")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    built_at = models.DateTimeField("figures taken", default=timezone.now)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    signed_off_on = models.DateField("signed off by the lead safeguarding partners", null=True,
                                     blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    sent_to_panel_on = models.DateField("sent to the National Panel", null=True, blank=True)
    sent_to_what_works_on = models.DateField("sent to the What Works centre", null=True,
                                             blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"],
                                               name="one_yearly_report_a_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intelligence:yearly-report", args=[self.pk])

    @property
    def log_label(self) -> str:
        """How the report is named in the access log and on "My work"."""
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def year_slug(self) -> str:
        return self.year.replace("/", "-")

    def get_public_url(self):
        return reverse("intelligence:public-yearly-report",
                       args=[self.partnership.slug, self.year_slug])


class ReportSection(Versioned):
    """One section of a yearly report: its figures, tables and charts as computed at the last
    build (`figures`, see `reporting.Snapshot`) and the business unit's narrative (history
    kept, a stale copy refused)."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    figures = models.JSONField(default=dict, blank=True)
    narrative = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"],
                                               name="one_section_of_a_kind")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#section-{self.key}"
