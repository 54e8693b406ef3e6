"""Every write about assurance. A refusal is a clear message and changes nothing."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.assurance import rules
from safeguarding.assurance.models import (
    Answer,
    Audit,
    AuditAnswer,
    AuditCase,
    AuditQuestion,
    Challenge,
    Cycle,
    Framework,
    RatingLevel,
    Return,
    ScrutinyActivity,
    ScrutinyChallenge,
    SettingReport,
    Standard,
)
from safeguarding.core.clocks import SCRUTINY_RESPONSE_DUE, SELF_ASSESSMENT_DUE
from safeguarding.core.services import (
    action_create,
    attachment_add,
    deadline_meet,
    deadline_start,
)
from safeguarding.core.versioning import save_versioned

# -- frameworks -----------------------------------------------------------------------------------


def framework_create(*, name: str, kind: str, partnerships, scale: list[tuple[str, bool]],
                     introduction: str = "", by=None) -> Framework:
    errors = {}
    if not scale:
        errors["scale"] = rules.NO_LEVELS
    elif not any(meets for _, meets in scale):
        errors["scale"] = rules.NO_MEETING_LEVEL
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        framework = Framework.objects.create(name=name.strip(), kind=kind,
                                             introduction=introduction)
        framework.partnerships.set(partnerships)
        RatingLevel.objects.bulk_create(
            RatingLevel(framework=framework, order=n, label=label, meets=meets)
            for n, (label, meets) in enumerate(scale, start=1))
    return framework


def standard_add(*, framework: Framework, title: str, descriptors: str, by=None,
                 evidence_expected: str = "", asks_child_voice: bool = False,
                 cross_check: str = "") -> Standard:
    if framework.cycles.exists():
        raise ValidationError(rules.FRAMEWORK_IN_USE)
    number = (framework.standards.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    return Standard.objects.create(framework=framework, number=number, title=title.strip(),
                                   descriptors=descriptors.strip(),
                                   evidence_expected=evidence_expected.strip(),
                                   asks_child_voice=asks_child_voice, cross_check=cross_check)


def framework_new_version(*, framework: Framework, by=None) -> Framework:
    """A copy of the framework at the next version, to change for the next cycle."""
    with transaction.atomic():
        copy = Framework.objects.create(name=framework.name, kind=framework.kind,
                                        version=framework.version + 1, previous=framework,
                                        introduction=framework.introduction)
        copy.partnerships.set(framework.partnerships.all())
        RatingLevel.objects.bulk_create(
            RatingLevel(framework=copy, order=level.order, label=level.label, meets=level.meets)
            for level in framework.levels.all())
        Standard.objects.bulk_create(
            Standard(framework=copy, number=s.number, title=s.title, descriptors=s.descriptors,
                     evidence_expected=s.evidence_expected, asks_child_voice=s.asks_child_voice,
                     cross_check=s.cross_check)
            for s in framework.standards.all())
    return copy


# -- cycles and returns ---------------------------------------------------------------------------


def cycle_open(*, framework: Framework, name: str, opens_on: date, due_on: date, agencies,
               by, reporting_group=None) -> Cycle:
    """Invite each agency: its return appears in its lead's "My work" with the due date."""
    errors = {}
    if due_on <= opens_on:
        errors["due_on"] = rules.DUE_BEFORE_OPEN
    if not agencies:
        errors["agencies"] = rules.NO_AGENCIES
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cycle = Cycle.objects.create(framework=framework, name=name.strip(), opens_on=opens_on,
                                     due_on=due_on, reporting_group=reporting_group,
                                     created_by=by)
        for agency in agencies:
            invited = Return.objects.create(cycle=cycle, agency=agency)
            deadline_start(record=invited, key=SELF_ASSESSMENT_DUE.key, started_on=due_on,
                           partnership=invited.partnership, owner_agency=agency)
    return cycle


def answer_save(*, return_form: Return, standard: Standard, by, expected_version: int | None,
                rating: RatingLevel | None, narrative: str = "", child_voice: str = "") -> Answer:
    """Save one standard's answer, over as many sittings as it takes. A submitted return may
    still be updated: every change is kept in its history."""
    if standard.framework_id != return_form.cycle.framework_id:
        raise ValidationError(rules.RATING_OFF_SCALE)
    if rating is not None and rating.framework_id != standard.framework_id:
        raise ValidationError({"rating": rules.RATING_OFF_SCALE})
    changes = {"rating": rating, "narrative": narrative.strip(),
               "child_voice": child_voice.strip(), "updated_at": timezone.now()}
    with transaction.atomic():
        answer = Answer.objects.filter(return_form=return_form, standard=standard).first()
        if answer is None:
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(return_form=return_form, standard=standard,
                                                   **changes)
            except IntegrityError:  # someone else saved the first answer at the same moment
                answer = Answer.objects.get(return_form=return_form, standard=standard)
                answer = save_versioned(answer, expected_version=0, changes=changes, by=by)
        else:
            answer = save_versioned(answer, expected_version=expected_version or 0,
                                    changes=changes, by=by)
        if return_form.status == Return.Status.NOT_STARTED:
            Return.objects.filter(pk=return_form.pk).update(status=Return.Status.IN_PROGRESS)
    return answer


def evidence_add(*, answer: Answer, upload, title: str, by):
    return attachment_add(record=answer, upload=upload, title=title.strip() or upload.name,
                          by=by)


def action_plan_add(*, answer: Answer, title: str, due_on: date, by):
    """An action for a standard rated below "met", owned by the agency, in the shared tracker."""
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": rules.DUE_IN_PAST})
    return_form = answer.return_form
    return action_create(
        partnership=return_form.partnership, title=title.strip()[:200],
        owner_agency=return_form.agency, due_on=due_on, by=by, source=answer,
        source_label=f"{return_form.cycle}: standard {answer.standard.number}")


def return_submit(*, return_form: Return, by) -> Return:
    """Submit: every standard rated, an action plan for each rating below "met", and the voice
    of children where a standard asks for it."""
    from safeguarding.assurance import selectors

    standards = list(return_form.cycle.framework.standards.all())
    answers = {a.standard_id: a for a in return_form.answers.select_related("rating")}
    planned = selectors.answers_with_actions(answers.values())
    unrated = [s.number for s in standards if answers.get(s.pk) is None
               or answers[s.pk].rating is None]
    unplanned = [s.number for s in standards if s.pk in answers
                 and rules.below_met(answers[s.pk].rating) and s.pk not in planned]
    silent = [s.number for s in standards if s.asks_child_voice and s.pk in answers
              and not answers[s.pk].child_voice.strip()]
    messages = []
    if unrated:
        messages.append(rules.UNRATED.format(numbers=_listed(unrated)))
    if unplanned:
        messages.append(rules.NEEDS_ACTIONS.format(numbers=_listed(unplanned)))
    if silent:
        messages.append(rules.NEEDS_CHILD_VOICE.format(numbers=_listed(silent)))
    if messages:
        raise ValidationError(messages)
    today = timezone.localdate()
    with transaction.atomic():
        return_form.status = Return.Status.SUBMITTED
        return_form.submitted_on, return_form.submitted_by = today, by
        return_form.version += 1
        return_form._history_user = by
        return_form.save()
        deadline_meet(record=return_form, key=SELF_ASSESSMENT_DUE.key, on=today)
    return return_form


def _listed(numbers) -> str:
    return ", ".join(str(n) for n in numbers)


def challenge_raise(*, answer: Answer, comment: str, by, peer_agency=None) -> Challenge:
    if answer.return_form.status != Return.Status.SUBMITTED:
        raise ValidationError(rules.NOT_SUBMITTED)
    if peer_agency is not None and peer_agency.pk == answer.return_form.agency_id:
        raise ValidationError(rules.OWN_AGENCY)
    if not comment.strip():
        raise ValidationError({"comment": "Enter the challenge"})
    return Challenge.objects.create(answer=answer, comment=comment.strip(), raised_by=by,
                                    peer_agency=peer_agency)


def challenge_respond(*, challenge: Challenge, response: str, by) -> Challenge:
    if challenge.status != Challenge.Status.OPEN:
        raise ValidationError(rules.ALREADY_ANSWERED)
    if not response.strip():
        raise ValidationError({"response": "Enter the agency's response"})
    challenge.response, challenge.responded_by = response.strip(), by
    challenge.responded_on, challenge.status = timezone.localdate(), Challenge.Status.RESPONDED
    challenge.save()
    return challenge


def rating_agree(*, challenge: Challenge, agreed_rating: RatingLevel, by) -> Challenge:
    """Moderation: the rating agreed is recorded beside the agency's own."""
    if challenge.status == Challenge.Status.OPEN:
        raise ValidationError(rules.NOT_ANSWERED_YET)
    answer = challenge.answer
    if agreed_rating.framework_id != answer.standard.framework_id:
        raise ValidationError({"agreed_rating": rules.RATING_OFF_SCALE})
    with transaction.atomic():
        save_versioned(answer, expected_version=answer.version,
                       changes={"agreed_rating": agreed_rating}, by=by)
        challenge.status = Challenge.Status.AGREED
        challenge.save(update_fields=["status"])
    return challenge


# -- multi-agency audits --------------------------------------------------------------------------


def audit_create(*, partnership, kind: str, title: str, theme: str, due_on: date, agencies,
                 questions: list[str], references: list[str], by) -> Audit:
    errors = {}
    if due_on < timezone.localdate():
        errors["due_on"] = rules.DUE_IN_PAST
    if not agencies:
        errors["agencies"] = rules.NO_AGENCIES
    if not [q for q in questions if q.strip()]:
        errors["questions"] = "Enter at least one question, one a line"
    cleaned = [r.strip() for r in references if r.strip()]
    if not cleaned:
        errors["references"] = "Enter at least one case reference, one a line"
    duplicates = sorted({r for r in cleaned if cleaned.count(r) > 1})
    if duplicates:
        errors["references"] = rules.DUPLICATE_CASE.format(reference=duplicates[0])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        audit = Audit.objects.create(partnership=partnership, kind=kind, title=title.strip(),
                                     theme=theme.strip(), due_on=due_on, lead=by)
        audit.agencies.set(agencies)
        AuditQuestion.objects.bulk_create(
            AuditQuestion(audit=audit, number=n, text=q.strip())
            for n, q in enumerate([q for q in questions if q.strip()], start=1))
        AuditCase.objects.bulk_create(AuditCase(audit=audit, reference=r) for r in cleaned)
    return audit


def audit_answer(*, case: AuditCase, agency, answers: dict, by) -> list[AuditAnswer]:
    """One agency's answers about one case: {question: text}. Written for the user's own agency
    only (the view decides which agency that is through the policy)."""
    audit = case.audit
    if audit.status != Audit.Status.OPEN:
        raise ValidationError(rules.AUDIT_CLOSED)
    if not audit.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(rules.AUDIT_NOT_TAKING_PART.format(agency=agency))
    saved = []
    with transaction.atomic():
        for question, text in answers.items():
            if question.audit_id != audit.pk:
                raise ValidationError("That question belongs to another audit")
            if not text.strip():
                AuditAnswer.objects.filter(case=case, question=question, agency=agency).delete()
                continue
            answer, _ = AuditAnswer.objects.update_or_create(
                case=case, question=question, agency=agency,
                defaults={"text": text.strip(), "answered_by": by,
                          "answered_at": timezone.now()})
            saved.append(answer)
    return saved


def audit_to_moderation(*, audit: Audit, moderation_on: date, by) -> Audit:
    audit.status, audit.moderation_on = Audit.Status.MODERATION, moderation_on
    audit.save(update_fields=["status", "moderation_on"])
    return audit


def audit_findings(*, audit: Audit, findings: str, grades: dict, by) -> Audit:
    """The moderation's findings and each case's graded judgement; the audit is complete."""
    if audit.status != Audit.Status.MODERATION:
        raise ValidationError("Move the audit to moderation before recording its findings")
    errors = {}
    if not findings.strip():
        errors["findings"] = "Enter the findings"
    ungraded = [case.reference for case, grade in grades.items() if not grade]
    if ungraded:
        errors["__all__"] = f"Grade every case: {', '.join(ungraded)}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for case, grade in grades.items():
            AuditCase.objects.filter(pk=case.pk, audit=audit).update(grade=grade)
        audit.findings, audit.status = findings.strip(), Audit.Status.COMPLETE
        audit.save(update_fields=["findings", "status"])
    return audit


def audit_action_add(*, audit: Audit, title: str, owner_agency, due_on: date, by):
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": rules.DUE_IN_PAST})
    return action_create(partnership=audit.partnership, title=title.strip()[:200],
                         owner_agency=owner_agency, due_on=due_on, by=by, source=audit,
                         source_label=f"Audit: {audit.title}")


# -- independent scrutiny -------------------------------------------------------------------------


def scrutiny_plan(*, partnership, kind: str, title: str, planned_for: date, by):
    return ScrutinyActivity.objects.create(partnership=partnership, kind=kind,
                                           title=title.strip(), planned_for=planned_for, by=by)


def scrutiny_record(*, activity: ScrutinyActivity, done_on: date, notes: str, by):
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": rules.DONE_IN_FUTURE})
    if not notes.strip():
        raise ValidationError({"notes": "Enter what was found"})
    activity.done_on, activity.notes, activity.by = done_on, notes.strip(), by
    activity.save(update_fields=["done_on", "notes", "by"])
    return activity


def scrutiny_challenge(*, partnership, to_agency, question: str, due_on: date,
                       by) -> ScrutinyChallenge:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": rules.DUE_IN_PAST})
    with transaction.atomic():
        challenge = ScrutinyChallenge.objects.create(
            partnership=partnership, to_agency=to_agency, question=question.strip(),
            due_on=due_on, raised_by=by)
        deadline_start(record=challenge, key=SCRUTINY_RESPONSE_DUE.key, started_on=due_on,
                       partnership=partnership, owner_agency=to_agency)
    return challenge


def scrutiny_respond(*, challenge: ScrutinyChallenge, response: str, by) -> ScrutinyChallenge:
    if challenge.responded_on is not None:
        raise ValidationError(rules.ALREADY_ANSWERED)
    if not response.strip():
        raise ValidationError({"response": "Enter the response"})
    today = timezone.localdate()
    with transaction.atomic():
        challenge.response, challenge.responded_on = response.strip(), today
        challenge.responded_by = by
        challenge.save()
        deadline_meet(record=challenge, key=SCRUTINY_RESPONSE_DUE.key, on=today)
    return challenge


def setting_report_expect(*, partnership, setting, year_label: str, due_on: date, by=None):
    report, _ = SettingReport.objects.get_or_create(
        partnership=partnership, setting=setting, year_label=year_label,
        defaults={"due_on": due_on})
    return report


def setting_report_receive(*, report: SettingReport, received_on: date, summary: str, by):
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": rules.DONE_IN_FUTURE})
    report.received_on, report.summary = received_on, summary.strip()
    report.save(update_fields=["received_on", "summary"])
    return report
