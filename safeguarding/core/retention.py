"""How long each kind of case record is kept, and what happens to it then. Declared once, here;
docs/retention.md gives each period's source and the assumptions behind it.

A record past its period is never removed by the machine alone: the scheduled task
(`tasks.list_records_past_retention`, queued daily by `manage.py review_retention`) lists it
for review, and the partnership's business manager approves its disposal on the retention page
(or keeps it longer, with a reason). Approval anonymises the record (what identifies or
describes the child is overwritten, its previous versions and files removed; the figures the
partnership reports on stay) or deletes it, and is written to the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import pluralize
from django.utils import timezone

from safeguarding.core.models import (
    AccessEvent,
    Attachment,
    Deadline,
    RetentionReview,
    WorkflowEvent,
)
from safeguarding.core.services import access_log, case_label

ANONYMISE, DELETE = "anonymised", "deleted"
REMOVED = "Removed-{pk}"  # a case reference no longer tells anyone which child it was
NOT_KEPT = "Not kept"

ALREADY_DECIDED = "This record has already been decided on"
NO_LONGER_DUE = "This record is no longer past its retention period (it was reopened or changed)"
ENTER_REASON = "Enter why the record is kept for longer"
ENTER_KEEP_UNTIL = "Enter the date to keep the record until"
KEEP_UNTIL_FUTURE = "The date to keep it until must be in the future"
KEEP_AT_MOST = "Keep it for at most 10 more years, then decide again"


def years_after(day: date, years: int) -> date:
    """The same day `years` later (or earlier, negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RetentionRule:
    """Records of `model` matching `when` are kept until `years` after their `counts_from`
    date, then anonymised or deleted (`disposal`) once the business manager approves.

    Anonymising overwrites `anonymise` (a value, a text with "{pk}", or a function of the
    record), overwrites `related` fields of related records, deletes the `remove` related
    records, and removes the record's files and previous versions."""

    key: str
    model: str
    what: str
    counts_from: str
    counts_from_label: str
    years: int
    when: dict
    disposal: str
    source: str
    anonymise: dict[str, object | Callable] = field(default_factory=dict)
    related: dict[str, dict[str, object]] = field(default_factory=dict)
    remove: tuple[str, ...] = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def due_on(self, counted_from: date) -> date:
        return years_after(counted_from, self.years)

    def past(self, today: date):
        """The records past their period on `today`."""
        return self.model_class._default_manager.filter(
            **self.when, **{f"{self.counts_from}__lte": years_after(today, -self.years)})

    @property
    def period(self) -> str:
        return f"{self.years} year{pluralize(self.years)} from the {self.counts_from_label}"


def _first_of_month(field_name: str):
    def first_of_month(record):
        return getattr(record, field_name).replace(day=1)

    return first_of_month


INCIDENT_CLOSED = ["not_met", "no_further_review", "other_learning", "published",
                   "not_published"]

RULES = (
    RetentionRule(
        key="incident", model="reviews.Incident",
        what="Serious incident notification and its reviews (rapid review, practice review)",
        counts_from="became_aware", counts_from_label="date the notifier became aware",
        years=25, when={"status__in": INCIDENT_CLOSED}, disposal=ANONYMISE,
        source="NHS Records Management Code of Practice 2021, Appendix II: serious incident "
               "records 20 years; children's records until the 25th birthday. 25 years from "
               "the incident covers both for a child of any age.",
        anonymise={"reference": REMOVED, "pseudonym": "Child", "ethnicity": NOT_KEPT,
                   "summary": "", "immediate_actions": "", "criteria_reasons": "",
                   "rapid_review_facts": "", "rapid_review_actions": "",
                   "rapid_review_learning": "", "route_reasons": "", "terms_of_reference": "",
                   "not_published_reasons": "", "panel_reference": ""},
        related={"requests": {"chronology": "", "analysis": "", "learning": ""}},
        remove=("identifying_details", "sign_offs"),
    ),
    RetentionRule(
        key="incident-draft", model="reviews.Incident",
        what="Draft notification never sent to the partnership",
        counts_from="became_aware", counts_from_label="date the notifier became aware",
        years=1, when={"status": "draft"}, disposal=DELETE,
        source="UK GDPR Article 5(1)(c) and (e): nobody acted on it, so nothing needs keeping "
               "once a year has passed (the platform's own rule).",
    ),
    RetentionRule(
        key="child-death", model="child_deaths.ChildDeath",
        what="Child death review",
        counts_from="date_of_death", counts_from_label="date of death",
        years=8, when={"status__in": ["closed", "merged"]}, disposal=ANONYMISE,
        source="NHS Records Management Code of Practice 2021, Appendix II: records of a child "
               "who died, 8 years after the death. The Child Death Review Statutory and "
               "Operational Guidance (England) 2018 leaves retention to the agencies' own "
               "schedules; the NCMD keeps the national record. Anonymised, not deleted, so "
               "the CDOP's analysis and annual reports keep their figures.",
        anonymise={"reference": REMOVED, "pseudonym": "Child", "ethnicity": NOT_KEPT,
                   "circumstances": "", "jar_timeline": "", "jar_attendees": "",
                   "cdrm_summary": "", "learning": "",
                   "date_of_death": _first_of_month("date_of_death")},
        related={"agency_reports": {"involvement": "", "factors": "", "learning": ""},
                 "factors": {"description": ""}},
    ),
    RetentionRule(
        key="escalation", model="escalations.Escalation",
        what="Practitioner disagreement (escalation)",
        counts_from="resolved_on", counts_from_label="date it was resolved",
        years=6, when={"status": "resolved"}, disposal=ANONYMISE,
        source="Limitation Act 1980, section 2: six years, as local authorities' retention "
               "schedules keep case-related correspondence. Anonymised, so the reports by "
               "agency, stage and theme keep their figures.",
        anonymise={"reference": REMOVED, "concern": "", "wanted": "", "learning": ""},
        related={"steps": {"outcome": ""}},
    ),
)
RULES_BY_KEY = {rule.key: rule for rule in RULES}


# -- the scheduled listing ------------------------------------------------------------------------


def retention_reviews_list(*, today: date) -> int:
    """List for review every record past its retention period (the scheduled task); records
    kept for longer come back once their date has passed. Idempotent: a record is listed once
    (a database constraint), however often this runs. Returns how many were newly listed."""
    RetentionReview.objects.filter(status=RetentionReview.Status.KEPT,
                                   keep_until__lte=today).update(
        status=RetentionReview.Status.DUE, found_on=today)
    listed = 0
    for rule in RULES:
        content_type = ContentType.objects.get_for_model(rule.model_class)
        already = RetentionReview.objects.filter(content_type=content_type).values("object_id")
        reviews = [
            RetentionReview(
                content_type=content_type, object_id=record.pk,
                partnership_id=record.partnership_id, rule=rule.key,
                record_label=case_label(record),
                counted_from=getattr(record, rule.counts_from),
                due_on=rule.due_on(getattr(record, rule.counts_from)), found_on=today)
            for record in rule.past(today).exclude(pk__in=already).iterator()
        ]
        RetentionReview.objects.bulk_create(reviews, batch_size=500, ignore_conflicts=True)
        listed += len(reviews)
    return listed


# -- the business manager's decision --------------------------------------------------------------


def retention_dispose(*, review: RetentionReview, by, today: date | None = None
                      ) -> RetentionReview:
    """Approved: anonymise or delete the record as its rule says, in one transaction, with a
    line in the access log. Refused if decided already or no longer past its period."""
    today = today or timezone.localdate()
    with transaction.atomic():
        review = RetentionReview.objects.select_for_update().get(pk=review.pk)
        if review.status != RetentionReview.Status.DUE:
            raise ValidationError(ALREADY_DECIDED)
        rule = RULES_BY_KEY[review.rule]
        record = rule.model_class._default_manager.filter(pk=review.object_id).first()
        if record is not None:
            if not rule.past(today).filter(pk=record.pk).exists():
                raise ValidationError(NO_LONGER_DUE)
            access_log(user=by, kind=AccessEvent.Kind.DISPOSED, record=record,
                       detail=f"{rule.disposal.capitalize()} on approval: {rule.what}, kept "
                              f"{rule.period}")
            if rule.disposal == DELETE:
                _delete(record)
            else:
                _anonymise(rule, record)
        review.status = RetentionReview.Status.DISPOSED
        review.disposal = rule.disposal
        review.decided_by, review.decided_at = by, timezone.now()
        review.save()
    return review


def retention_keep(*, review: RetentionReview, by, reason: str, keep_until: date | None,
                   today: date | None = None) -> RetentionReview:
    """Not yet: keep the record until `keep_until`, for `reason` (an inquiry, a claim, a
    request from the National Panel). It is listed again on that day."""
    today = today or timezone.localdate()
    errors = {}
    if not reason.strip():
        errors["reason"] = ENTER_REASON
    if keep_until is None:
        errors["keep_until"] = ENTER_KEEP_UNTIL
    elif keep_until <= today:
        errors["keep_until"] = KEEP_UNTIL_FUTURE
    elif keep_until > years_after(today, 10):
        errors["keep_until"] = KEEP_AT_MOST
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review = RetentionReview.objects.select_for_update().get(pk=review.pk)
        if review.status != RetentionReview.Status.DUE:
            raise ValidationError(ALREADY_DECIDED)
        review.status = RetentionReview.Status.KEPT
        review.reason, review.keep_until = reason.strip(), keep_until
        review.decided_by, review.decided_at = by, timezone.now()
        review.save()
    return review


def _anonymise(rule: RetentionRule, record) -> None:
    model = type(record)
    values = {}
    for name, value in rule.anonymise.items():
        if callable(value):
            value = value(record)
        elif isinstance(value, str):
            value = value.format(pk=record.pk)
        values[name] = value
    if any(f.name == "version" for f in model._meta.concrete_fields):
        values["version"] = F("version") + 1  # a form opened before this cannot save over it
    model._default_manager.filter(pk=record.pk).update(**values)
    for name, fields in rule.related.items():
        getattr(record, name).update(**fields)
    for name in rule.remove:
        getattr(record, name).all().delete()
    _remove_files(record)
    _forget_history(model, record.pk)
    # The reasons written when the case moved on are free text about the child too; the moves
    # themselves stay (the figures count them). Its deadlines take the case's new name.
    content_type = ContentType.objects.get_for_model(model)
    WorkflowEvent.objects.filter(content_type=content_type, object_id=record.pk).update(reason="")
    record.refresh_from_db()
    Deadline.objects.filter(content_type=content_type, object_id=record.pk).update(
        record_label=case_label(record), record_reference=getattr(record, "reference", "")[:40])


def _delete(record) -> None:
    model, pk = type(record), record.pk
    content_type = ContentType.objects.get_for_model(model)
    _remove_files(record)
    Deadline.objects.filter(content_type=content_type, object_id=pk).delete()
    WorkflowEvent.objects.filter(content_type=content_type, object_id=pk).delete()
    record.delete()
    _forget_history(model, pk)


def _remove_files(record) -> None:
    attachments = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    for attachment in attachments:
        # The file goes when the transaction commits: a rollback leaves it in place.
        transaction.on_commit(lambda stored=attachment.file: stored.delete(save=False))
    attachments.delete()


def _forget_history(model, pk) -> None:
    """The record's previous versions hold what anonymising overwrote."""
    history = getattr(model, "history", None)
    if history is not None:
        history.model.objects.filter(**{model._meta.pk.attname: pk}).delete()


def recently_decided(reviews, *, days: int = 90):
    since = timezone.now() - timedelta(days=days)
    return reviews.exclude(status=RetentionReview.Status.DUE).filter(decided_at__gte=since)
