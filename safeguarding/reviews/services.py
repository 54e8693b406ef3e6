"""Every write about serious incidents and practice reviews. Each move goes through the
workflow table; every refusal is a clear message and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.core.clocks import INFORMATION_REQUEST_DUE, PRE_PUBLICATION_DUE
from safeguarding.core.services import (
    action_create,
    attachment_add,
    deadline_meet,
    deadline_restart,
    deadline_start,
    partnership_calendar,
)
from safeguarding.core.versioning import save_versioned
from safeguarding.core.workflow import MoveRefused, transition
from safeguarding.partnership.selectors import partner_agencies
from safeguarding.reviews import rules, selectors
from safeguarding.reviews.models import (
    IdentifyingDetail,
    Incident,
    InformationRequest,
    LearningProduct,
    Recommendation,
    SignOff,
)
from safeguarding.reviews.workflow import INCIDENT_WORKFLOW

NOTIFICATION_FIELDS = (
    "reference", "pseudonym", "age_band", "sex", "ethnicity", "disability", "legal_status",
    "incident_date", "summary", "child_died", "became_aware", "immediate_actions",
)
REQUEST_DUE = "The due date must be today or later"
ALREADY_REQUESTED = "{agency} has already been asked for its information"
REDACTION_NEEDED = "Remove every identifying detail from the report before publishing"


def _check_notification(values: dict, today: date):
    errors = {}
    aware, happened = values.get("became_aware"), values.get("incident_date")
    if aware and aware > today:
        errors["became_aware"] = rules.AWARE_IN_FUTURE
    if aware and happened and happened > aware:
        errors["incident_date"] = rules.INCIDENT_AFTER_AWARE
    if errors:
        raise ValidationError(errors)


def incident_draft_save(*, by, partnership, notifying_agency, agencies_involved=(),
                        incident: Incident | None = None, expected_version: int | None = None,
                        **values) -> Incident:
    """Save a notification as a draft (new, or changing the notifier's own draft)."""
    _check_notification(values, timezone.localdate())
    try:
        with transaction.atomic():
            if incident is None:
                # No panel yet: a draft is the notifier's alone until it is sent.
                incident = Incident(partnership=partnership, notifying_agency=notifying_agency,
                                    notified_by=by, **values)
                incident._history_user = by
                incident.full_clean(exclude=["reference"])
                incident.save()
                incident.members.add(by)
            else:
                taken = Incident.objects.filter(partnership=incident.partnership,
                                                reference=values.get("reference")).exclude(
                    pk=incident.pk)
                if taken.exists():
                    raise IntegrityError  # the same message as for a new notification
                incident = save_versioned(incident, expected_version=expected_version,
                                          changes=values, by=by)
            incident.agencies_involved.set(agencies_involved)
    except IntegrityError:
        raise ValidationError({"reference": rules.DUPLICATE_REFERENCE.format(
            reference=values.get("reference"))}) from None
    return incident


def incident_draft_change(*, incident: Incident, by, expected_version: int,
                          agencies_involved=(), **values) -> Incident:
    """Change a draft notification: only its notifier, and only while it is a draft."""
    if incident.status != Incident.Status.DRAFT:
        raise ValidationError(rules.NOT_A_DRAFT)
    if incident.notified_by_id != by.pk:
        raise ValidationError(rules.NOT_YOUR_DRAFT)
    values.pop("partnership", None)  # a draft stays in the partnership it was started in
    return incident_draft_save(by=by, partnership=incident.partnership,
                               notifying_agency=values.pop("notifying_agency"),
                               agencies_involved=agencies_involved, incident=incident,
                               expected_version=expected_version, **values)


def incident_submit(*, incident: Incident, by) -> Incident:
    """Send the notification to the partnership, and acknowledge it without identifying detail."""
    with transaction.atomic():
        incident = transition(workflow=INCIDENT_WORKFLOW, record=incident, move="submit", by=by)
        Incident.objects.filter(pk=incident.pk).update(
            notified_at=timezone.now(), panel=incident.partnership.review_group)
    incident.refresh_from_db()
    context = {"incident": incident, "person": by}
    send_mail(
        subject=render_to_string("reviews/email/acknowledgement_subject.txt", context).strip(),
        message=render_to_string("reviews/email/acknowledgement.txt", context),
        from_email=None, recipient_list=[by.email],
    )
    return incident


def incident_record(*, incident: Incident, expected_version: int, by, **changes) -> Incident:
    """Record what a stage found (the review group's reasons, the National Panel's reference, the
    rapid review, the partners' reasons, the practice review's dates and report)."""
    changed = save_versioned(incident, expected_version=expected_version, changes=changes,
                             by=by)
    if changes.get("publication_planned_on") and changed.status == Incident.Status.PRACTICE_REVIEW:
        # A publication date put back moves the pre-publication clock with it.
        deadline_restart(record=changed, key=PRE_PUBLICATION_DUE.key,
                         started_on=changed.publication_planned_on,
                         partnership=changed.partnership)
    return changed


ROUTE_OF_MOVE = {
    "commission_review": Incident.Route.PRACTICE_REVIEW,
    "no_further_review": Incident.Route.NO_FURTHER_REVIEW,
}


def incident_move(*, incident: Incident, move: str, by, route: str = "") -> Incident:
    """Make one move of the workflow. The partners' decision records the route and its date."""
    if move in ("commission_review", "no_further_review", "other_learning"):
        chosen = ROUTE_OF_MOVE.get(move) or route
        if move == "other_learning" and chosen not in (Incident.Route.LEARNING_EVENT,
                                                       Incident.Route.THEMATIC_REVIEW):
            raise MoveRefused("Choose the learning route: a practitioner learning event or a "
                              "thematic review.")
        with transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(route=chosen,
                                                           decided_on=timezone.localdate())
            incident.refresh_from_db()
            return transition(workflow=INCIDENT_WORKFLOW, record=incident, move=move, by=by)
    if move == "publish":
        return incident_publish(incident=incident, by=by)
    if move == "submit":
        return incident_submit(incident=incident, by=by)
    if move == "send_final_report":
        incident.refresh_from_db()
        # The pre-publication clock is met on the day the report went, not the day recorded.
        return transition(workflow=INCIDENT_WORKFLOW, record=incident, move=move, by=by,
                          on=incident.final_report_sent_on)
    return transition(workflow=INCIDENT_WORKFLOW, record=incident, move=move, by=by)


def incident_publish(*, incident: Incident, by, on: date | None = None) -> Incident:
    """Publish the redacted report: refused while any identifying detail of the case is in it,
    or before seven working days have passed since the final report went to the Panel."""
    on = on or timezone.localdate()
    incident.refresh_from_db()  # check what is stored, not a copy from before the last save
    if not incident.published_text.strip() or not incident.published_title.strip():
        raise MoveRefused("Enter the title and the redacted text of the report first.")
    findings = rules.redaction_findings(incident.published_text,
                                        incident.identifying_details.all())
    if findings:
        listed = "; ".join(f"{f.kind}: “{f.value}”" for f in findings)
        raise MoveRefused(f"{REDACTION_NEEDED}. Found: {listed}.")
    calendar = partnership_calendar(incident.partnership)
    if not rules.sent_in_time(incident.final_report_sent_on, on, calendar):
        earliest = calendar.add_working_days(incident.final_report_sent_on,
                                             rules.PRE_PUBLICATION_WORKING_DAYS)
        raise MoveRefused(f"The report can be published from {earliest:%-d %B %Y}: seven "
                          "working days after it was sent to the National Panel and the "
                          "Secretary of State.")
    with transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(
            published_on=on, remove_after=on + timedelta(days=rules.PUBLISHED_FOR_DAYS))
        incident.refresh_from_db()
        return transition(workflow=INCIDENT_WORKFLOW, record=incident, move="publish", by=by,
                          on=on)


def request_create(*, incident: Incident, agency, due_on: date, by) -> InformationRequest:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": REQUEST_DUE})
    if incident.requests.filter(agency=agency).exists():
        raise ValidationError({"agency": ALREADY_REQUESTED.format(agency=agency)})
    with transaction.atomic():
        request = InformationRequest.objects.create(incident=incident, agency=agency,
                                                    due_on=due_on)
        # The agency's lead sees it in "My work", by the case reference only.
        deadline_start(record=request, key=INFORMATION_REQUEST_DUE.key, started_on=due_on,
                       partnership=incident.partnership, owner_agency=agency)
    return request


def request_answer(*, request: InformationRequest, by, chronology: str, analysis: str,
                   learning: str, submit: bool) -> InformationRequest:
    """The agency's answer, saved as it goes; submitting needs every part."""
    if request.submitted_on is not None:
        raise ValidationError("This request was already answered; contact the business unit to "
                              "add to it")
    answer = {"chronology": chronology, "analysis": analysis, "learning": learning}
    if submit:
        labels = {"chronology": "chronology", "analysis": "analysis",
                  "learning": "learning identified"}
        missing = {name: f"Enter the {labels[name]}" for name, text in answer.items()
                   if not text.strip()}
        if missing:
            raise ValidationError(missing)
    request.chronology, request.analysis, request.learning = chronology, analysis, learning
    with transaction.atomic():
        if submit:
            request.submitted_on, request.submitted_by = timezone.localdate(), by
            deadline_meet(record=request, key=INFORMATION_REQUEST_DUE.key,
                          on=request.submitted_on)
        request.save()
    return request


def recommendation_add(*, incident: Incident, text: str, owner_agency, due_on: date,
                       by) -> Recommendation:
    """A recommendation, and the action that carries it out in the shared tracker."""
    if not text.strip():
        raise ValidationError({"text": "Enter the recommendation"})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(incident=incident, text=text.strip())
        action_create(partnership=incident.partnership, title=text.strip()[:200],
                      owner_agency=owner_agency, due_on=due_on, by=by, source=recommendation,
                      source_label=f"Recommendation of practice review {incident.reference}")
    return recommendation


def identifying_detail_add(*, incident: Incident, kind: str, value: str, by):
    if not value.strip():
        raise ValidationError({"value": "Enter the detail to look for"})
    return IdentifyingDetail.objects.create(incident=incident, kind=kind, value=value.strip())


def report_add(*, incident: Incident, upload, title: str, by, supersedes=None):
    """A draft or the final report, as a new version of what came before."""
    return attachment_add(record=incident, upload=upload, title=title, by=by, restricted=True,
                          supersedes=supersedes)


def member_add(*, incident: Incident, user, by):
    incident.members.add(user)
    return incident


def sign_off_record(*, incident: Incident, agency, signatory: str, signed_on: date,
                    by) -> SignOff:
    """A safeguarding partner's sign-off of the latest version of the final report."""
    latest = selectors.latest_report(incident)
    if incident.status != Incident.Status.PRACTICE_REVIEW:
        raise ValidationError(rules.SIGN_OFF_WHEN)
    if latest is None:
        raise ValidationError(rules.SIGN_OFF_NEEDS_REPORT)
    errors = {}
    if agency.pk not in {a.pk for a in partner_agencies(incident.partnership)}:
        errors["agency"] = rules.NOT_A_PARTNER.format(agency=agency)
    elif SignOff.objects.filter(report=latest, agency=agency).exists():
        errors["agency"] = rules.ALREADY_SIGNED.format(agency=agency)
    uploaded = timezone.localtime(latest.uploaded_at).date()
    if signed_on > timezone.localdate():
        errors["signed_on"] = rules.SIGNED_IN_FUTURE
    elif signed_on < uploaded:
        errors["signed_on"] = rules.SIGNED_BEFORE_UPLOAD.format(day=uploaded)
    if not signatory.strip():
        errors["signatory"] = "Enter the name of the person who signed it off"
    if errors:
        raise ValidationError(errors)
    return SignOff.objects.create(incident=incident, report=latest, agency=agency,
                                  signatory=signatory.strip(), signed_on=signed_on,
                                  recorded_by=by)


LEARNING_STAGES = (Incident.Status.RAPID_REVIEW_SENT, Incident.Status.NO_FURTHER_REVIEW,
                   Incident.Status.OTHER_LEARNING, Incident.Status.PRACTICE_REVIEW,
                   Incident.Status.FINAL_REPORT_SENT, Incident.Status.PUBLISHED,
                   Incident.Status.NOT_PUBLISHED)


def learning_product_save(*, incident: Incident, by, product: LearningProduct | None = None,
                          **values) -> LearningProduct:
    """Write or change a learning product. A published one is changed in place: the public page
    shows the change at once, so it passes the redaction check first."""
    if incident.status not in LEARNING_STAGES:
        raise ValidationError(rules.LEARNING_TOO_EARLY)
    product = product or LearningProduct(incident=incident)
    for name, value in values.items():
        setattr(product, name, value.strip() if isinstance(value, str) else value)
    if product.published_on:
        _refuse_identifying(incident, f"{product.title}\n{product.text}", field="text")
    product.full_clean()
    product.save()
    return product


def learning_product_publish(*, product: LearningProduct, by) -> LearningProduct:
    if product.published_on:
        return product
    _refuse_identifying(product.incident, f"{product.title}\n{product.text}", field=None)
    product.published_on = timezone.localdate()
    product.save(update_fields=["published_on"])
    return product


def _refuse_identifying(incident: Incident, text: str, field: str | None):
    findings = rules.redaction_findings(text, incident.identifying_details.all())
    if findings:
        listed = "; ".join(f"{f.kind}: “{f.value}”" for f in findings)
        message = f"{REDACTION_NEEDED}. Found: {listed}."
        raise ValidationError({field: message} if field else message)
