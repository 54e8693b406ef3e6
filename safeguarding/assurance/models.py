"""Assurance that agencies fulfil their safeguarding duties (DOMAIN.md section 3.3): Section 11
and Section 175/157 self-assessments against a partnership's framework, multi-agency audits, and
independent scrutiny."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Versioned


class Framework(models.Model):
    """An assessment framework at one version: its standards and rating scale. A cycle uses one
    version; a framework in use is never changed, a new version is made instead. One framework
    may be shared by several partnerships (LLR's two partnerships), so an agency answers once."""

    class Kind(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 (Children Act 2004)"
        SECTION_175 = "section_175", "Section 175/157 (Education Act 2002)"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="next_version")
    partnerships = models.ManyToManyField("partnership.Partnership", related_name="frameworks")
    introduction = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-version"]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self):
        return reverse("assurance:framework-detail", args=[self.pk])


class RatingLevel(models.Model):
    """One point of a framework's rating scale: met / partially met / not met, or 1 to 4."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(help_text="1 is the best rating")
    label = models.CharField(max_length=60)
    meets = models.BooleanField(help_text="Whether this rating meets the standard (anything "
                                          "else needs an action plan).")

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "order"],
                                               name="one_level_per_place")]

    def __str__(self):
        return self.label


class Standard(models.Model):
    """What agencies rate themselves against, with what good looks like and the evidence
    expected. Some standards ask for the voice of children."""

    class CrossCheck(models.TextChoices):
        NONE = "", "Nothing"
        ACTIONS = "actions", "The agency's overdue actions"
        AUDITS = "audits", "Multi-agency audit judgements about the agency"
        TRAINING = "training", "Training take-up by the agency's staff"
        ESCALATIONS = "escalations", "Escalations involving the agency"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    descriptors = models.TextField("what good looks like")
    evidence_expected = models.TextField(blank=True)
    asks_child_voice = models.BooleanField("asks for the voice of children", default=False)
    cross_check = models.CharField(
        max_length=20, choices=CrossCheck.choices, blank=True,
        help_text="Evidence the platform holds that a rating of 'met' is checked against.")

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"],
                                               name="one_standard_per_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Cycle(models.Model):
    """One round of self-assessment ("Section 11, 2026/27"): the agencies invited, the due date.
    Section 175 returns report through the education group."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(max_length=200)
    opens_on = models.DateField()
    due_on = models.DateField()
    reporting_group = models.ForeignKey(
        "partnership.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The group the results go to (the education group for Section 175).")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assurance:cycle-detail", args=[self.pk])


class Return(Versioned):
    """An agency's self-assessment in a cycle. Private to the agency until submitted; after
    that it can still be updated at any time, every change kept."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                               related_name="assurance_returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    # In "My work", an invitation is the agency's lead's work.
    work_action = "answer_return"

    class Meta:
        ordering = ["cycle", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "agency"],
                                               name="one_return_per_agency_per_cycle")]

    def __str__(self):
        return f"{self.agency}: {self.cycle}"

    def get_absolute_url(self):
        return reverse("assurance:return-detail", args=[self.pk])

    @property
    def log_label(self):
        return str(self)

    @property
    def partnership(self):
        """Where the return's actions and files are kept: the first partnership using the
        framework that the agency belongs to."""
        partnerships = self.cycle.framework.partnerships.order_by("pk")
        return partnerships.filter(agencies=self.agency).first() or partnerships.first()

    @property
    def partnership_id(self):
        return self.partnership.pk

    def reminder_recipients(self):
        from safeguarding.accounts.models import User

        return list(User.objects.holding("agency_lead", agency=self.agency))


class Answer(Versioned):
    """An agency's rating of itself against one standard, and the rating agreed after
    challenge."""

    return_form = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="answers")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="answers")
    rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    narrative = models.TextField(blank=True)
    child_voice = models.TextField("the voice of children", blank=True)
    agreed_rating = models.ForeignKey(RatingLevel, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["return_form", "standard__number"]
        constraints = [models.UniqueConstraint(fields=["return_form", "standard"],
                                               name="one_answer_per_standard")]

    def __str__(self):
        return f"{self.return_form.agency}: standard {self.standard.number}"

    @property
    def partnership_id(self):
        return self.return_form.partnership_id

    @property
    def log_label(self):
        return f"{self.return_form}: standard {self.standard.number}"

    @property
    def standing_rating(self):
        """The rating that counts: the agreed one after moderation, else the agency's own."""
        return self.agreed_rating or self.rating


class Challenge(models.Model):
    """A challenge to one rating by the business unit or a peer agency, the agency's response,
    and the rating agreed."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the agency's response"
        RESPONDED = "responded", "Responded"
        AGREED = "agreed", "Rating agreed"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    peer_agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField()
    raised_on = models.DateField(default=timezone.localdate)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["answer", "raised_on", "id"]

    def __str__(self):
        return f"Challenge to {self.answer}"


# -- multi-agency audits --------------------------------------------------------------------------


class Audit(models.Model):
    """A case-file or spotlight audit: a question set, a sample of cases by reference, the
    agencies taking part, their answers, moderation, findings and graded judgements."""

    class Kind(models.TextChoices):
        CASE_FILE = "case_file", "Case-file audit"
        SPOTLIGHT = "spotlight", "Spotlight audit"

    class Status(models.TextChoices):
        OPEN = "open", "Agencies auditing"
        MODERATION = "moderation", "In moderation"
        COMPLETE = "complete", "Findings agreed"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="audits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=200, blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    agencies = models.ManyToManyField("partnership.Agency", related_name="audits")
    due_on = models.DateField()
    moderation_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assurance:audit-detail", args=[self.pk])


class AuditQuestion(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["audit", "number"]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class AuditCase(models.Model):
    """A case in the sample, by reference only, and the judgement agreed at moderation."""

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=40)
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    judgement = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "reference"]
        constraints = [models.UniqueConstraint(fields=["audit", "reference"],
                                               name="a_case_once_per_audit")]

    def __str__(self):
        return self.reference


class AuditAnswer(models.Model):
    """One agency's answer to one question about one case. Each agency writes only its own."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.CASCADE, related_name="answers")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "question__number", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "question", "agency"],
                                               name="one_answer_per_agency_question_case")]

    def __str__(self):
        return f"{self.agency}: {self.case}, question {self.question.number}"


# -- independent scrutiny -------------------------------------------------------------------------


class ScrutinyActivity(models.Model):
    """The scrutiny plan and what was done: a visit, an observation, a report. Planned for a
    date; done when it has happened and its notes are written."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit to a frontline setting"
        OBSERVATION = "observation", "Observation of a meeting"
        REPORT = "report", "Report"
        ENGAGEMENT = "engagement", "Engagement with children and young people"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="scrutiny_activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    planned_for = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["planned_for", "id"]
        verbose_name_plural = "scrutiny activities"

    def __str__(self):
        return self.title


class ScrutinyChallenge(models.Model):
    """A challenge from the scrutineer or the young scrutineer to a named partner, answered by a
    due date."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="scrutiny_challenges")
    to_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                                  related_name="+", verbose_name="partner challenged")
    question = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    raised_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    work_action = "respond_to_scrutiny"

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self):
        return f"Challenge to {self.to_agency}"

    def get_absolute_url(self):
        return reverse("assurance:scrutiny-challenge", args=[self.pk])

    @property
    def log_label(self):
        """How the challenge is named in the access log and on "My work"."""
        return str(self)

    def reminder_recipients(self):
        from safeguarding.accounts.models import User

        partners = (User.objects.holding("lead_partner", partnership_id=self.partnership_id)
                    | User.objects.holding("delegated_partner",
                                           partnership_id=self.partnership_id))
        return list(partners.filter(person__agency=self.to_agency).distinct())


class SettingReport(models.Model):
    """The yearly assurance report of a secure setting or a residential home (Leeds: Wetherby
    YOI, Adel Beck; LLR: the councils' homes)."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="setting_reports")
    setting = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    year_label = models.CharField("business year", max_length=9)
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "setting__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "setting", "year_label"],
                                               name="one_setting_report_a_year")]

    def __str__(self):
        return f"{self.setting}, {self.year_label}"
