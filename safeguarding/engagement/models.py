"""The voice of children and families, multi-agency policies and procedures, thresholds, the
glossary and each partnership's public site (DOMAIN.md sections 3.4 and 3.6)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Versioned

# -- the glossary ----------------------------------------------------------------------------------


class GlossaryTerm(models.Model):
    """A word or acronym in plain language. Site-wide terms have no partnership; a partnership's
    own term (LSCP means different things in Leeds and Leicester) overrides the site-wide one."""

    partnership = models.ForeignKey("partnership.Partnership", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+",
                                    help_text="Empty for a term used across the platform.")
    term = models.CharField(max_length=60, help_text="For example LCSPR.")
    expansion = models.CharField(max_length=200, blank=True,
                                 help_text="What an acronym stands for.")
    definition = models.TextField(help_text="Plain language, for the public.")

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "term"], name="one_term_a_partnership"),
            models.UniqueConstraint(fields=["term"], condition=models.Q(partnership__isnull=True),
                                    name="one_site_wide_term"),
        ]

    def __str__(self):
        return self.term

    @property
    def anchor(self):
        return "term-" + "".join(ch.lower() if ch.isalnum() else "-" for ch in self.term)


# -- thresholds ------------------------------------------------------------------------------------


class ThresholdModel(models.Model):
    """How a partnership decides what help a child needs: levels of need with descriptors (LLR),
    or none at all with the approach described instead (Leeds' conversational approach)."""

    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE,
                                       related_name="+")
    has_levels = models.BooleanField(default=True)
    title = models.CharField(max_length=200)
    approach = models.TextField(help_text="How the partnership decides, in plain language.")
    monitoring = models.TextField(blank=True, help_text="How the partnership checks it works.")
    source = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.title


class ThresholdLevel(models.Model):
    model = models.ForeignKey(ThresholdModel, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    descriptor = models.TextField()
    response = models.TextField(blank=True, help_text="Who helps, and how to ask.")

    class Meta:
        ordering = ["model", "number"]
        constraints = [models.UniqueConstraint(fields=["model", "number"],
                                               name="one_level_number")]

    def __str__(self):
        return f"Level {self.number}: {self.name}"


# -- policies and procedures -----------------------------------------------------------------------


class Policy(Versioned):
    """A multi-agency policy or procedure, owned by a group, with its review date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "Out for consultation"
        PUBLISHED = "published", "Published"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What it is for, in plain language (public).")
    owner_group = models.ForeignKey("partnership.Group", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="owner group")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_due_on = models.DateField("review date")
    published_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    # In "My work", an overdue review is the work of whoever manages the procedures.
    work_action = "manage_policy"

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("engagement:policy-detail", args=[self.pk])

    @property
    def log_label(self):
        return self.title

    @property
    def owning_agency(self):
        return None


class PolicyVersion(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    change_summary = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [models.UniqueConstraint(fields=["policy", "number"],
                                               name="one_policy_version_number")]

    def __str__(self):
        return f"{self.policy}, version {self.number}"


class ConsultationComment(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at"]

    def __str__(self):
        return f"Comment on {self.version}"


# -- the voice of children and families ------------------------------------------------------------


class Survey(models.Model):
    """A survey's results, as aggregate counts (My School My Health: by question and school
    year). No individual response is ever held."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    title = models.CharField(max_length=200)
    year = models.CharField(max_length=20, help_text="For example 2025/26.")
    source_name = models.CharField(max_length=255, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.title} {self.year}"

    def get_absolute_url(self):
        return reverse("engagement:survey-detail", args=[self.pk])


class SurveyResult(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    question = models.CharField(max_length=300)
    school_year = models.CharField(max_length=20)
    answer = models.CharField(max_length=200)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["survey", "question", "school_year", "answer"]

    def __str__(self):
        return f"{self.question} / {self.school_year} / {self.answer}: {self.count}"


class Contribution(models.Model):
    """What children, young people and families told the partnership: feedback, the Student
    LSCP's and the Young Scrutineer's contributions."""

    class Source(models.TextChoices):
        FEEDBACK = "feedback", "Feedback from children and families"
        STUDENT_LSCP = "student_lscp", "Student LSCP"
        YOUNG_SCRUTINEER = "young_scrutineer", "Young Scrutineer"
        PRACTITIONERS = "practitioners", "What practitioners hear from children and families"
        SURVEY = "survey", "A survey"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    source = models.CharField(max_length=30, choices=Source.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    received_on = models.DateField()
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="contributions")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.title


class YouSaidWeDid(Versioned):
    """A theme from what children and families said, and what the partnership did about it:
    each action it produced is in the shared tracker."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    theme = models.CharField(max_length=200)
    you_said = models.TextField("you said", help_text="In the words a young person would use.")
    we_did = models.TextField("we did", blank=True)
    contributions = models.ManyToManyField(Contribution, blank=True, related_name="responses")
    published_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "theme"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self):
        return self.theme

    def get_absolute_url(self):
        return reverse("engagement:response-detail", args=[self.pk])


# -- the public site -------------------------------------------------------------------------------


SITE_PATH = re.compile(r"^/(?![/\\])[^\s\\]*$")


def validate_link(value: str) -> None:
    """A web address (https://www.example.gov.uk/report.pdf) or a path on this site
    (/p/leeds/yearly-reports/2025-26/), so a link to the platform's own page survives a change
    of its address. Not "//host" or "/\\host", which browsers read as another site."""
    if value.startswith("/"):
        if not SITE_PATH.match(value):
            raise ValidationError("Enter a web address or a path on this site", code="invalid")
        return
    URLValidator(schemes=["http", "https"])(value)


class Publication(models.Model):
    """Something the partnership publishes that is not a practice review: a yearly report, a
    newsletter, a one-minute guide."""

    class Kind(models.TextChoices):
        YEARLY_REPORT = "yearly_report", "Yearly report"
        NEWSLETTER = "newsletter", "Newsletter"
        ONE_MINUTE_GUIDE = "one_minute_guide", "One-minute guide"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True, validators=[validate_link],
                            help_text="Where the full document is, if elsewhere: a web address "
                                      "or a path on this site.")
    published_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title


class PublicProfile(models.Model):
    """What the public site says about the partnership: its introduction and contact details."""

    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE,
                                       related_name="+")
    introduction = models.TextField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    concerns_resolution = models.TextField(
        blank=True, help_text="How practitioners resolve disagreements (public summary).")

    def __str__(self):
        return f"Public site of {self.partnership}"


class FrontDoor(models.Model):
    """Where to report a concern about a child in one area: the council's front door."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="+")
    area = models.CharField(max_length=100)
    service = models.CharField(max_length=200, help_text="For example “Children's Social Work "
                                                         "Service Duty and Advice Team”.")
    phone = models.CharField(max_length=40)
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "area"]

    def __str__(self):
        return f"{self.area}: {self.service}"
