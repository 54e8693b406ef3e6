"""Partnerships and their structure: the local authority areas they cover, agencies, people and
the offices they hold, groups and their members, and the published arrangements."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Dated, Versioned


class Partnership(models.Model):
    """A safeguarding children partnership: the three safeguarding partners of one or more areas."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, help_text="For example LSCP.")
    slug = models.SlugField(unique=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    review_group = models.ForeignKey(
        "partnership.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The group that considers serious incident notifications (Leeds: the Review "
                  "Advisory Group; LLR: each partnership's Case Review Group).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:partnership-detail", args=[self.slug])


class Area(models.Model):
    """A local authority area. A partnership may cover several (Leicestershire and Rutland)."""

    name = models.CharField(max_length=100, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="areas")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """An organisation: a safeguarding partner, a relevant agency, a school, a charity..."""

    class Kind(models.TextChoices):
        SAFEGUARDING_PARTNER = "safeguarding_partner", "Safeguarding partner"
        RELEVANT_AGENCY = "relevant_agency", "Relevant agency"
        EDUCATION = "education", "School, college or early years setting"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        SECURE_SETTING = "secure_setting", "Secure setting"
        RESIDENTIAL_HOME = "residential_home", "Residential home"
        BUSINESS_UNIT = "business_unit", "Partnership business unit"
        OTHER = "other", "Other"

    class Partner(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Integrated care board (clinical commissioning group before July 2022)"
        POLICE = "police", "Police"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    partner = models.CharField(
        max_length=20, choices=Partner.choices, blank=True,
        help_text="For a safeguarding partner: which of the three it is.",
    )
    partnerships = models.ManyToManyField(
        Partnership, through="PartnershipAgency", related_name="agencies"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:agency-detail", args=[self.pk])


class PartnershipAgency(models.Model):
    """An agency's place in a partnership, and for a relevant agency why the partners named it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    is_partner = models.BooleanField(
        default=False, help_text="One of this partnership's safeguarding partners.")
    relevant = models.BooleanField(
        default=False, help_text="Named by the safeguarding partners as a relevant agency."
    )
    reason = models.TextField(blank=True, help_text="Why the partners named this agency.")
    since = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "agency"],
                                    name="agency_once_a_partnership")
        ]

    def __str__(self):
        return f"{self.agency} in {self.partnership}"


class Person(models.Model):
    """Someone in the partnership's structure. Not everyone signs in: a lead safeguarding partner
    may never use the platform, and still chairs, attends and is named in the arrangements."""

    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name


class Office(models.TextChoices):
    LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATED_PARTNER = "delegated_partner", "Delegated safeguarding partner"
    CHAIR = "chair", "Partnership chair"
    DEPUTY_CHAIR = "deputy_chair", "Partnership deputy chair"
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    INDEPENDENT_SCRUTINEER = "independent_scrutineer", "Independent scrutineer"
    YOUNG_SCRUTINEER = "young_scrutineer", "Young scrutineer"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    DESIGNATED_NURSE = "designated_nurse", "Designated nurse"
    DESIGNATED_DOCTOR = "designated_doctor", "Designated doctor"
    LEGAL_ADVISER = "legal_adviser", "Legal adviser"


# Offices held by one person at a time in a partnership (or two, where both are marked joint);
# the lead and delegated partners are one per partner agency.
SINGLE_HOLDER = frozenset({Office.CHAIR, Office.DEPUTY_CHAIR, Office.INDEPENDENT_CHAIR,
                           Office.INDEPENDENT_SCRUTINEER, Office.YOUNG_SCRUTINEER})
ONE_PER_AGENCY = frozenset({Office.LEAD_PARTNER, Office.DELEGATED_PARTNER})
# A change in these offices is a key change to the published arrangements.
KEY_OFFICES = frozenset({Office.LEAD_PARTNER, Office.DELEGATED_PARTNER})


class Appointment(Dated):
    """An office held by a person in one or more partnerships, from a date to a date.
    LLR's rotating chair is one appointment per business year across both partnerships."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    office = models.CharField(max_length=30, choices=Office.choices)
    partnerships = models.ManyToManyField(Partnership, related_name="appointments")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments",
        help_text="For a lead or delegated partner: the partner agency.",
    )
    label = models.CharField(
        max_length=100, blank=True,
        help_text="How the office is known locally, for example “Police DSP”.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="Job title while in office.")
    joint = models.BooleanField(default=False, help_text="Held jointly with another person.")

    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["starts_on", "office", "id"]

    def __str__(self):
        return f"{self.get_office_display()}: {self.person}"


class Group(models.Model):
    """An executive, a partnership meeting, a subgroup, a panel. One group may serve several
    partnerships: LLR's shared groups exist once."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        PARTNERSHIP_MEETING = "partnership_meeting", "Partnership meeting"
        SUBGROUP = "subgroup", "Subgroup"
        PANEL = "panel", "Panel"
        REFERENCE_GROUP = "reference_group", "Reference group"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"
        FORUM = "forum", "Forum"
        BUSINESS_UNIT = "business_unit", "Business unit"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    reports_informally_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="informal_reports",
        help_text="A dotted line on the structure chart (LLR: the Operational Group feeds the "
                  "Performance Group).",
    )
    partnerships = models.ManyToManyField(Partnership, related_name="groups")
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="A task and finish group ends.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:group-detail", args=[self.pk])

    def is_active_on(self, day):
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class GroupMember(Dated):
    """A seat on a group: members speak for their agency; advisers attend without a vote."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser (no vote)"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="seats",
        help_text="The agency this member speaks for.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["group", "role", "person__full_name"]

    def __str__(self):
        return f"{self.person}, {self.get_role_display()} of {self.group}"

    @property
    def votes(self):
        return self.role != self.Role.ADVISER


class Arrangements(Versioned):
    """The published multi-agency safeguarding arrangements: one document may cover several
    partnerships (LLR's covers the LRSCP and the LSCP)."""

    title = models.CharField(max_length=200)
    partnerships = models.ManyToManyField(Partnership, related_name="arrangements")
    review_annually = models.BooleanField(
        default=False, help_text="Reviewed every year (Leeds: by the LSCP Executive)."
    )
    update_on_key_change = models.BooleanField(
        default=False,
        help_text="Updated when a lead or delegated partner or a relevant agency changes, and "
                  "sent to the Department for Education (LLR).",
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    needs_update = models.BooleanField(default=False)
    update_reasons = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "arrangements"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnership:arrangements-detail", args=[self.pk])

    @property
    def log_label(self):
        """How the document is named in the access log and on "My work" (its annual review)."""
        return self.title

    @property
    def partnership(self):
        """The first partnership, for clocks and the log (the document belongs to all)."""
        return self.partnerships.order_by("pk").first()

    @property
    def partnership_id(self):
        first = self.partnership
        return first.pk if first else None


class ArrangementsVersion(models.Model):
    """One version of the document: its sections as published, and when."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    arrangements = models.ForeignKey(Arrangements, on_delete=models.CASCADE,
                                     related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    sections = models.JSONField(default=list, help_text="A list of {heading, body}.")
    funding = models.TextField(blank=True)
    change_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["arrangements", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["arrangements", "number"],
                                    name="one_arrangements_version_number")
        ]

    def __str__(self):
        return f"{self.arrangements}, version {self.number}"
