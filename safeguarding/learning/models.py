"""Multi-agency training: the catalogue (courses and their sessions), practitioners and their
bookings, attendance, evaluation, e-learning completions, the competency framework of minimum
expected learning, and charges for non-attendance where a partnership makes them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TrainingSettings(models.Model):
    """How one partnership runs its bookings: when they close, when reminders go, and whether
    it charges agencies for places booked and not attended."""

    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE,
                                       related_name="training_settings")
    bookings_close_hours = models.PositiveIntegerField(
        default=24, help_text="Bookings close this many hours before a session starts.")
    reminder_days = models.PositiveIntegerField(
        default=2, help_text="Booked practitioners are reminded this many days before.")
    charges_for_non_attendance = models.BooleanField(
        default=False, help_text="The partnership charges the agency for a place booked and "
                                 "not attended.")
    non_attendance_charge = models.DecimalField(max_digits=7, decimal_places=2, default=0)

    class Meta:
        verbose_name_plural = "training settings"

    def __str__(self):
        return f"Training settings of {self.partnership}"


class CompetencyLevel(models.Model):
    """A group of the competency framework: who it is for (a role and how closely they work
    with children) and so the minimum learning they are expected to have."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE,
                                    related_name="competency_levels")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    description = models.TextField(help_text="The roles this level is for.")

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"],
                                               name="one_level_of_a_name")]

    def __str__(self):
        return self.name


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE_LIVE = "online_live", "Online, live"
    ELEARNING = "elearning", "E-learning"


class Course(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core safeguarding course"
        SPECIALIST = "specialist", "Specialist course"
        BRIEFING = "briefing", "Briefing"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="courses")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPECIALIST)
    summary = models.TextField()
    audience = models.CharField(max_length=300, help_text="Who the course is for.")
    level = models.ForeignKey(CompetencyLevel, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="courses",
                              help_text="The level of the competency framework it is pitched at.")
    learning_outcomes = models.TextField(help_text="One outcome a line.")
    duration_minutes = models.PositiveIntegerField()
    format = models.CharField(max_length=20, choices=Format.choices)
    elearning_url = models.URLField("e-learning link", blank=True)
    is_published = models.BooleanField(default=True, help_text="Shown in the public catalogue.")
    teaches = models.ManyToManyField(
        "reviews.LearningProduct", blank=True, related_name="+",
        help_text="Learning from reviews (learning briefs, briefings) that this course teaches.")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "title"],
                                               name="one_course_of_a_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:course-manage", args=[self.pk])

    def get_public_url(self):
        return reverse("learning:public-course", args=[self.partnership.slug, self.pk])

    @property
    def outcomes(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.learning_outcomes.splitlines()
                if line.strip(" -•\t")]

    @property
    def duration_label(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
        if minutes:
            parts.append(f"{minutes} minutes")
        return " ".join(parts)


class Session(models.Model):
    """One running of a course: when, where (a venue or a link), who trains, how many places."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    trainer_name = models.CharField(max_length=150)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="training_sessions",
        help_text="The trainer's account, if they take the register on the platform.")
    capacity = models.PositiveIntegerField()
    bookings_close_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    ics_sequence = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["course", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_it_starts"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1),
                                   name="session_has_a_place"),
        ]

    def __str__(self):
        return f"{self.course.title}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("learning:session-detail", args=[self.pk])

    @property
    def where(self) -> str:
        return ", ".join(filter(None, [self.venue, self.online_link])) or "To be confirmed"

    def is_open_for_booking(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.SCHEDULED and now < self.bookings_close_at


class Learner(models.Model):
    """A practitioner's training profile: the agency they work for (from the partnership's list,
    or another organisation) and their level of the competency framework. They book only once
    their e-mail address is confirmed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="learner")
    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="learners")
    agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="learners")
    other_agency = models.CharField("other organisation", max_length=200, blank=True)
    level = models.ForeignKey(CompetencyLevel, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="learners")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("learning:staff-record", args=[self.pk])

    @property
    def organisation(self) -> str:
        return str(self.agency) if self.agency_id else (self.other_agency or "Not given")

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=20, choices=Status.choices)
    # The agency when booked: the one charged, and counted in the reports, even if they move.
    agency = models.ForeignKey("partnership.Agency", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(
        null=True, blank=True, help_text="When a place came free and went to them from the "
                                         "waiting list.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")
    ics_sequence = models.PositiveIntegerField(default=0)
    invited_sequence = models.PositiveIntegerField(
        null=True, blank=True, help_text="The calendar version last e-mailed to them.")
    reminded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    TAKES_A_PLACE = (Status.BOOKED, Status.ATTENDED, Status.NO_SHOW)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["session", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], condition=~models.Q(status="cancelled"),
                name="one_live_booking_a_session"),
        ]

    def __str__(self):
        return f"{self.learner}: {self.session} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.BOOKED, self.Status.WAITING)


class Evaluation(models.Model):
    """What an attendee thought: whether the learning outcomes were met, and their confidence
    before and after (1 to 5)."""

    class Met(models.TextChoices):
        FULLY = "fully", "Fully"
        MOSTLY = "mostly", "Mostly"
        PARTLY = "partly", "Partly"
        NOT_MET = "not_met", "Not at all"

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    outcomes_met = models.CharField(max_length=10, choices=Met.choices)
    confidence_before = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    confidence_after = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    will_change = models.TextField("what you will do differently", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Evaluation of {self.booking}"


class Requirement(models.Model):
    """Minimum expected learning: a course every practitioner at a level should have done,
    and how often it must be refreshed."""

    level = models.ForeignKey(CompetencyLevel, on_delete=models.CASCADE,
                              related_name="requirements")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    refresh_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Done again after this many months; empty for once.")

    class Meta:
        ordering = ["level__order", "course__title"]
        constraints = [models.UniqueConstraint(fields=["level", "course"],
                                               name="one_requirement_a_course")]

    def __str__(self):
        return f"{self.level}: {self.course}"


class LmsImport(models.Model):
    """One spreadsheet of e-learning completions exported from a learning management system."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.PROTECT,
                                    related_name="+")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    already_known = models.PositiveIntegerField(default=0)
    unmatched = models.JSONField(default=list, help_text="[{row, email, course, reason}]")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "LMS import"

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("learning:import-detail", args=[self.pk])


class ElearningCompletion(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    source = models.ForeignKey(LmsImport, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="completions")

    class Meta:
        ordering = ["-completed_on"]
        constraints = [models.UniqueConstraint(fields=["learner", "course", "completed_on"],
                                               name="one_completion_a_day")]

    def __str__(self):
        return f"{self.learner}: {self.course} ({self.completed_on})"


class Charge(models.Model):
    """A charge to an agency for a place booked and not attended."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="charge")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    session_date = models.DateField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session_date", "id"]

    def __str__(self):
        return f"£{self.amount} to {self.agency} for {self.booking}"
