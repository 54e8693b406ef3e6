"""Serious child safeguarding incidents, from an agency's partnership notification through the
rapid review and the partners' decision to a local child safeguarding practice review, its
publication and its recommendations (DOMAIN.md section 3.1)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.fields import EncryptedTextField
from safeguarding.core.models import CaseRecord


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_15 = "10_15", "10 to 15"
    AGE_16_17 = "16_17", "16 or 17"
    CARE_LEAVER = "18_24", "18 to 24 (care leaver)"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class LegalStatus(models.TextChoices):
    NONE = "none", "None known"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    EARLY_HELP = "early_help", "Early help"


class Incident(CaseRecord):
    """A potential serious child safeguarding incident, and everything that follows from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft notification"
        NOTIFIED = "notified", "Notified to the partnership"
        NOT_MET = "not_met", "Does not meet the criteria"
        MEETS = "meets", "Meets the criteria"
        PANEL_NOTIFIED = "panel_notified", "Notified to the National Panel"
        RAPID_REVIEW_SENT = "rapid_review_sent", "Rapid review sent to the National Panel"
        NO_FURTHER_REVIEW = "no_further_review", "No further review"
        OTHER_LEARNING = "other_learning", "Another learning route"
        PRACTICE_REVIEW = "practice_review", "Local practice review under way"
        FINAL_REPORT_SENT = "final_report_sent", "Final report sent before publication"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Not published (decision recorded)"

    class Route(models.TextChoices):
        PRACTICE_REVIEW = "practice_review", "Local child safeguarding practice review"
        NO_FURTHER_REVIEW = "no_further_review", "No further review: learning already identified"
        LEARNING_EVENT = "learning_event", "Practitioner learning event"
        THEMATIC_REVIEW = "thematic_review", "Thematic review"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "Agrees with the recommendation"
        QUESTIONS = "questions", "Asks questions"
        NATIONAL_REVIEW = "national_review", "Will carry out a national review"

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    notifying_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                                         related_name="notified_incidents")
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    # The child: by reference and pseudonym only, and the protected characteristics reported.
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(max_length=100)
    disability = models.CharField(max_length=10, choices=[("yes", "Yes"), ("no", "No"),
                                                          ("not_known", "Not known")])
    legal_status = models.CharField(max_length=20, choices=LegalStatus.choices)

    # The incident.
    incident_date = models.DateField(null=True, blank=True)
    summary = models.TextField("what happened")
    child_died = models.BooleanField("the child died", default=False)
    became_aware = models.DateField("date the notifier became aware")
    agencies_involved = models.ManyToManyField("partnership.Agency", blank=True,
                                               related_name="involved_incidents")
    immediate_actions = models.TextField("immediate safeguarding action taken")

    # The review group's decision and the national notification.
    criteria_reasons = models.TextField(blank=True)
    decided_criteria_on = models.DateField(null=True, blank=True)
    la_became_aware = models.DateField("date the local authority became aware", null=True,
                                       blank=True)
    panel_notified_on = models.DateField(null=True, blank=True)
    panel_reference = models.CharField(max_length=60, blank=True)
    ofsted_notified_on = models.DateField(null=True, blank=True)

    # The rapid review.
    rapid_review_meeting_on = models.DateField(null=True, blank=True)
    rapid_review_facts = models.TextField(blank=True)
    rapid_review_actions = models.TextField("immediate actions", blank=True)
    rapid_review_learning = models.TextField("learning identified", blank=True)
    recommended_route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    rapid_review_sent_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)

    # The partners' decision.
    route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    route_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)

    # The local child safeguarding practice review.
    reviewer = models.CharField("independent reviewer", max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    publication_planned_on = models.DateField(null=True, blank=True)
    final_report_sent_on = models.DateField(
        "final report sent to the National Panel and the Secretary of State", null=True,
        blank=True)
    published_title = models.CharField(max_length=200, blank=True)
    published_text = models.TextField(
        blank=True, help_text="The redacted, pseudonymised report as the public will read it.")
    published_on = models.DateField(null=True, blank=True)
    embargo_until = models.DateField(null=True, blank=True)
    remove_after = models.DateField(null=True, blank=True)
    not_published_reasons = models.TextField(blank=True)
    deposited_on = models.DateField(
        "date deposited in the NSPCC national case review repository", null=True, blank=True)

    class Meta:
        ordering = ["-became_aware", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"],
                                    name="one_incident_per_case_reference"),
        ]

    def get_absolute_url(self):
        return reverse("reviews:incident-detail", args=[self.pk])

    @property
    def looked_after(self):
        return self.legal_status == LegalStatus.LOOKED_AFTER

    @property
    def owning_agency(self):
        return None


class InformationRequest(models.Model):
    """The rapid review's request to one involved agency: its chronology, analysis and learning.
    The agency sees and answers only its own request."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT,
                               related_name="information_requests")
    due_on = models.DateField()
    chronology = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # In "My work", the request is the answering agency's lead's work.
    work_action = "answer_request"

    class Meta:
        ordering = ["incident", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["incident", "agency"],
                                               name="one_request_per_agency")]

    def __str__(self):
        return f"Information request to {self.agency}"

    def get_absolute_url(self):
        return reverse("reviews:request-detail", args=[self.pk])

    @property
    def partnership_id(self):
        return self.incident.partnership_id

    @property
    def reference(self):
        return self.incident.reference

    @property
    def log_label(self):
        return f"{self.incident.reference}: request to {self.agency}"

    def reminder_recipients(self):
        """The answering agency's safeguarding leads, who may answer it."""
        from safeguarding.accounts.models import User

        return list(User.objects.holding("agency_lead", agency=self.agency))


class Recommendation(models.Model):
    """A practice review's recommendation: it becomes an action owned by an agency, and later
    carries the evidence that the learning changed practice."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="recommendations")
    text = models.TextField()
    impact_evidence = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "id"]

    def __str__(self):
        return self.text[:80]


class IdentifyingDetail(models.Model):
    """A name, date of birth or address that must never reach a published report. Kept to the
    minimum, on the case only, encrypted at rest, and used solely by the redaction check before
    publication (which searches the text in Python: the database cannot compare the values)."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        DATE_OF_BIRTH = "date_of_birth", "Date of birth"
        ADDRESS = "address", "Address"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="identifying_details")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = EncryptedTextField(max_length=200)

    class Meta:
        ordering = ["incident", "kind", "id"]

    def __str__(self):
        return self.get_kind_display()


class SignOff(models.Model):
    """A safeguarding partner's sign-off of one version of the final report. A new version of the
    report needs signing off again: a sign-off is of the text the partner read."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sign_offs")
    report = models.ForeignKey("core.Attachment", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    signatory = models.CharField("signed off by", max_length=150)
    signed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["report", "agency"],
                                               name="one_sign_off_per_partner_per_version")]

    def __str__(self):
        return f"{self.agency}: {self.signatory}, {self.signed_on:%-d %B %Y}"


class LearningProduct(models.Model):
    """What practitioners read: a learning brief, a 7-minute briefing or a one-minute guide from
    a review, published on the public site and linked to the training that teaches it."""

    class Kind(models.TextChoices):
        LEARNING_BRIEF = "learning_brief", "Learning brief"
        SEVEN_MINUTE = "seven_minute", "7-minute briefing"
        ONE_MINUTE = "one_minute", "One-minute guide"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="learning_products")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Pseudonymised: checked against the case's identifying "
                                      "details before it is published.")
    training_title = models.CharField("training that teaches it", max_length=200, blank=True)
    training_url = models.URLField("link to the training", blank=True)
    published_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title
