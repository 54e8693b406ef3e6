"""Meetings of the partnership's groups: agenda, papers, attendance, minutes, decisions; the
rules on how often they meet; written reports to the lead safeguarding partners."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safeguarding.core.models import Versioned


class Meeting(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey("partnership.Group", on_delete=models.PROTECT,
                              related_name="meetings")
    title = models.CharField(max_length=200, blank=True,
                             help_text="Leave empty to use the group's name.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    joint_with_adults_boards = models.BooleanField(
        "joint with the Safeguarding Adults Boards", default=False,
    )
    minutes = models.TextField(blank=True)
    minutes_restricted = models.BooleanField(
        default=False, help_text="Only the group's members may read the minutes."
    )
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    ics_sequence = models.PositiveIntegerField(default=0)
    invited_sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="The calendar version the members were last sent.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["group", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.display_title}, {timezone.localtime(self.starts_at):%d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def display_title(self):
        return self.title or self.group.name

    @property
    def partnership_id(self):
        """The group's first partnership: where files and log lines of the meeting belong."""
        first = self.group.partnerships.order_by("pk").first()
        return first.pk if first else None


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"
        ASSURANCE = "assurance", "For assurance"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=Purpose.choices,
                               default=Purpose.DISCUSSION)
    presenter = models.CharField(max_length=200, blank=True)
    presentation = models.CharField(
        max_length=40, blank=True,
        help_text="An annual presentation a rule expects (for example the CDOP's).",
    )

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="one_item_per_position")
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def partnership_id(self):
        return self.meeting.partnership_id


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Sent a deputy"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("partnership.Person", on_delete=models.PROTECT,
                               related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    deputy_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_a_meeting")
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    @property
    def counts_as_attended(self):
        return self.status in (self.Status.PRESENT, self.Status.DEPUTY)


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="decisions")
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "recorded_at", "id"]

    def __str__(self):
        return self.text[:80]


class MeetingRule(models.Model):
    """A rule from the published arrangements about how often a group meets, who attends, and
    what it must hear. Declared as data, with its source, per partnership."""

    class Kind(models.TextChoices):
        AT_LEAST = "at_least", "At least this many meetings a business year"
        QUARTERLY = "quarterly", "At least one meeting in every quarter"
        JOINT_AT_MOST = "joint_at_most", "At most this share of meetings joint with adults boards"
        ALL_JOINT = "all_joint", "Every meeting joint with adults boards"
        OFFICE_ATTENDS = "office_attends", "Each holder of an office attends this many meetings"
        PRESENTATIONS = "presentations", "Each topic presented once a business year"
        WRITTEN_REPORTS = "written_reports", "A written report every quarter"

    partnerships = models.ManyToManyField("partnership.Partnership", related_name="meeting_rules")
    group = models.ForeignKey("partnership.Group", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(default=0)
    share = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    office = models.CharField(max_length=30, blank=True)
    topics = models.JSONField(default=list, blank=True)
    requirement = models.CharField(max_length=300, help_text="The rule in the document's words.")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["group__name", "kind"]

    def __str__(self):
        return self.requirement


class WrittenReport(models.Model):
    """A written report, such as the business managers' quarterly report to the lead
    safeguarding partners."""

    partnerships = models.ManyToManyField("partnership.Partnership", related_name="+")
    audience = models.CharField(max_length=100, default="Lead safeguarding partners")
    title = models.CharField(max_length=200)
    sent_on = models.DateField()
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_on"]

    def __str__(self):
        return self.title
