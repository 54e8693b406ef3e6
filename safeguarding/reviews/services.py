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
    deadline_start,
    partnership_calendar,
)
from safeguarding.core.versioning import save_versioned
from safeguarding.core.workflow import MoveRefused, transition
from safeguarding.reviews import rules
from safeguarding.reviews.models import (
    IdentifyingDetail,
    Incident,
    InformationRequest,
    Recommendation,
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
                incident = save_versioned(incident, expected_version=expected_version,
                                          changes=values, by=by)
            incident.agencies_involved.set(agencies_involved)
    except IntegrityError:
        raise ValidationError({"reference": rules.DUPLICATE_REFERENCE.format(
            reference=values.get("reference"))}) from None
    return incident


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
    if changes.get("publication_planned_on"):
        deadline_start(record=changed, key=PRE_PUBLICATION_DUE.key,
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
