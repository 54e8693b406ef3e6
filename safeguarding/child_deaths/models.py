"""Child death review (DOMAIN.md section 3.2): the notification of a child's death, the Joint
Agency Response for an unexpected death, the agencies' reporting forms, the Child Death Review
Meeting and the Child Death Overview Panel's (CDOP) review with the national analysis."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.models import CaseRecord


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INDETERMINATE = "indeterminate", "Indeterminate"
    NOT_KNOWN = "not_known", "Not known"


class Place(models.TextChoices):
    HOSPITAL_ED = "hospital_ed", "Hospital: emergency department"
    HOSPITAL_NEONATAL = "hospital_neonatal", "Hospital: neonatal unit"
    HOSPITAL_OTHER = "hospital_other", "Hospital: other ward or unit"
    HOSPICE = "hospice", "Hospice"
    HOME = "home", "Home"
    PUBLIC_PLACE = "public_place", "Public place"
    OTHER = "other", "Other"


class Residence(models.TextChoices):
    RESIDENT = "resident", "Normally resident in the area"
    DIED_HERE = "died_here", "Died in the area, resident elsewhere"


class Unexpected(models.TextChoices):
    """Why a death is unexpected: each one calls for a Joint Agency Response (CDR 2018)."""

    NOT_ANTICIPATED = ("not_anticipated",
                       "Not anticipated as a significant possibility 24 hours before")
    EXTERNAL_CAUSES = "external_causes", "Caused by external factors"
    NO_APPARENT_CAUSE = "no_apparent_cause", "Sudden, with no apparent cause"
    CUSTODY = "custody", "In custody or detained under the Mental Health Act"
    SUSPICIOUS = "suspicious", "Suspicious circumstances"


class Category(models.TextChoices):
    """The ten categories of death of the national CDOP analysis form."""

    ABUSE = "1", "1. Deliberately inflicted injury, abuse or neglect"
    SUICIDE = "2", "2. Suicide or deliberate self-inflicted harm"
    TRAUMA = "3", "3. Trauma and other external factors"
    MALIGNANCY = "4", "4. Malignancy"
    ACUTE = "5", "5. Acute medical or surgical condition"
    CHRONIC = "6", "6. Chronic medical condition"
    CONGENITAL = "7", "7. Chromosomal, genetic and congenital anomalies"
    PERINATAL = "8", "8. Perinatal/neonatal event"
    INFECTION = "9", "9. Infection"
    SUDDEN = "10", "10. Sudden unexpected, unexplained death"


class Modifiable(models.TextChoices):
    YES = "yes", "Yes: modifiable factors identified"
    NO = "no", "No modifiable factors identified"
    INSUFFICIENT = "insufficient", "Insufficient information"


class Domain(models.TextChoices):
    """The four domains of contributory factors on the analysis form."""

    CHILD = "child", "Factors intrinsic to the child"
    FAMILY = "family", "Factors in the social environment, including family and parenting"
    PARENTING = "parenting", "Parenting capacity"
    SERVICES = "services", "Service provision"


class ChildDeath(CaseRecord):
    """The death of a child under 18: one case from notification to the closed CDOP review.
    A second notification of the same child is kept, merged into the first (`merged_into`)."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified to the CDOP"
        JOINT_AGENCY_RESPONSE = "jar", "Joint Agency Response under way"
        AGENCY_REPORTING = "reporting", "Agency reporting"
        CDRM_HELD = "cdrm_held", "Child Death Review Meeting held"
        READY = "ready", "Ready for CDOP review"
        CLOSED = "closed", "CDOP review closed"
        MERGED = "merged", "Merged into another notification"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    is_demo = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_notifications")

    # The notification (the NCMD notification form's content, without the child's name).
    notifying_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                                         related_name="notified_child_deaths")
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    notified_on = models.DateField("date notified")
    date_of_death = models.DateField()
    place_of_death = models.CharField(max_length=20, choices=Place.choices)
    residence = models.CharField(max_length=20, choices=Residence.choices,
                                 default=Residence.RESIDENT)
    age_years = models.PositiveSmallIntegerField("age in completed years")
    age_months = models.PositiveSmallIntegerField(
        "age in completed months (under 1s)", null=True, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices)
    ethnicity = models.CharField(max_length=100)
    unexpected = models.BooleanField("the death was unexpected")
    unexpected_because = models.CharField(max_length=30, choices=Unexpected.choices, blank=True)
    circumstances = models.TextField("what is known of the circumstances")

    # The Joint Agency Response (unexpected deaths).
    jar_meeting_on = models.DateField("date of the initial information-sharing meeting",
                                      null=True, blank=True)
    jar_timeline = models.TextField("timeline of the response", blank=True)
    jar_attendees = models.TextField("agencies at the meeting", blank=True)
    post_mortem = models.BooleanField("a post-mortem examination was held", default=False)
    post_mortem_report_on = models.DateField("date the post-mortem report was received",
                                             null=True, blank=True)

    # The Child Death Review Meeting.
    cdrm_notice_sent_on = models.DateField("date notice of the meeting was sent", null=True,
                                           blank=True)
    cdrm_on = models.DateField("date of the Child Death Review Meeting", null=True, blank=True)
    cdrm_summary = models.TextField("what the meeting found", blank=True)

    # The CDOP review and the national analysis.
    cdop_meeting_on = models.DateField("date of the CDOP meeting", null=True, blank=True)
    category = models.CharField("category of death", max_length=2, choices=Category.choices,
                                blank=True)
    modifiable = models.CharField("modifiable factors", max_length=20,
                                  choices=Modifiable.choices, blank=True)
    learning = models.TextField("learning identified", blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date_of_death", "-id"]
        indexes = [models.Index(fields=["partnership", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(age_years__lt=18),
                                   name="child_death_of_a_child_under_18"),
            models.CheckConstraint(condition=models.Q(date_of_death__lte=models.F("notified_on")),
                                   name="child_death_notified_after_the_death"),
        ]

    def get_absolute_url(self):
        return reverse("child_deaths:case-detail", args=[self.pk])

    @property
    def owning_agency(self):
        return None

    @property
    def is_open(self):
        return self.status not in (self.Status.CLOSED, self.Status.MERGED)


class AgencyReport(models.Model):
    """One involved agency's reporting form: the CDOP asks for it with a due date, and the
    agency's safeguarding lead sees and writes only its own."""

    child_death = models.ForeignKey(ChildDeath, on_delete=models.CASCADE,
                                    related_name="agency_reports")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                               related_name="child_death_reports")
    due_on = models.DateField()
    involvement = models.TextField("the agency's involvement with the child and family",
                                   blank=True)
    factors = models.TextField("factors the agency identifies", blank=True)
    learning = models.TextField("learning identified", blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # In "My work", the form is the answering agency's lead's work.
    work_action = "answer_request"

    class Meta:
        ordering = ["child_death", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["child_death", "agency"],
                                               name="one_child_death_report_per_agency")]

    def __str__(self):
        return f"Reporting form from {self.agency}"

    def get_absolute_url(self):
        return reverse("child_deaths:report-detail", args=[self.pk])

    @property
    def partnership_id(self):
        return self.child_death.partnership_id

    @property
    def reference(self):
        return self.child_death.reference

    @property
    def log_label(self):
        return f"{self.child_death.reference}: reporting form from {self.agency}"

    def reminder_recipients(self):
        """The agency's safeguarding leads, who write the form."""
        from safeguarding.accounts.models import User

        return list(User.objects.holding("agency_lead", agency=self.agency))


class ContributoryFactor(models.Model):
    """A factor the CDOP found, in one of the analysis form's four domains."""

    child_death = models.ForeignKey(ChildDeath, on_delete=models.CASCADE,
                                    related_name="factors")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    description = models.TextField()
    contributed = models.BooleanField("may have contributed to the death", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_death", "domain", "id"]

    def __str__(self):
        return f"{self.get_domain_display()}: {self.description[:60]}"
