"""Assurance: self-assessment returns over several sittings, submission rules, challenge and
moderation, results with cross-checks and small-print privacy, audits, scrutiny."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.accounts.policy import Action, can, scope
from safeguarding.accounts.roles import Role
from safeguarding.assurance import rules, selectors, services
from safeguarding.assurance.models import (
    Answer,
    AuditAnswer,
    Challenge,
    Framework,
    Return,
    ScrutinyChallenge,
)
from safeguarding.core.models import AccessEvent, ActionItem, Attachment, Deadline
from safeguarding.core.services import action_create
from safeguarding.core.versioning import EditConflict
from safeguarding.partnership.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def framework(partnership):
    framework = services.framework_create(
        name="Section 11", kind="section_11", partnerships=[partnership],
        scale=rules.parse_scale("Met | meets\nPartially met\nNot met"))
    services.standard_add(framework=framework, title="Senior commitment", descriptors="Leads.")
    services.standard_add(framework=framework, title="Children's views", descriptors="Heard.",
                          asks_child_voice=True)
    services.standard_add(framework=framework, title="Inter-agency working",
                          descriptors="Works with others.", cross_check="actions")
    return framework


@pytest.fixture
def cycle(framework, agency, manager):
    return services.cycle_open(framework=framework, name="Section 11, 2026/27",
                               opens_on=TODAY() - DAY, due_on=TODAY() + 30 * DAY,
                               agencies=[agency], by=manager)


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


def level(framework, label):
    return framework.levels.get(label=label)


def answer(return_form, number, label, by, **extra):
    standard = return_form.cycle.framework.standards.get(number=number)
    current = Answer.objects.filter(return_form=return_form, standard=standard).first()
    return services.answer_save(return_form=return_form, standard=standard, by=by,
                                expected_version=current.version if current else 0,
                                rating=level(standard.framework, label), **extra)


def complete(return_form, by, **ratings):
    for number in (1, 2, 3):
        made = answer(return_form, number, ratings.get(f"s{number}", "Met"), by,
                      child_voice="Children asked for evening appointments." if number == 2
                      else "")
        if not made.rating.meets:
            services.action_plan_add(answer=made, title="Improve", due_on=TODAY() + DAY, by=by)
    return services.return_submit(return_form=Return.objects.get(pk=return_form.pk), by=by)


class TestFramework:
    def test_a_scale_needs_a_rating_that_meets(self, partnership):
        with pytest.raises(ValidationError, match="must meet the standard"):
            services.framework_create(name="Bad", kind="section_11", partnerships=[partnership],
                                      scale=rules.parse_scale("Good\nBad"))
        assert not Framework.objects.exists()

    def test_a_framework_in_use_changes_only_through_a_new_version(self, framework, cycle):
        with pytest.raises(ValidationError, match="new version"):
            services.standard_add(framework=framework, title="Late", descriptors="x")
        copy = services.framework_new_version(framework=framework)
        assert copy.version == 2 and copy.previous == framework
        assert copy.standards.count() == 3 and copy.levels.count() == 3
        services.standard_add(framework=copy, title="Online safety", descriptors="x")
        assert framework.standards.count() == 3


class TestReturn:
    def test_inviting_puts_the_return_in_the_agency_leads_work(self, cycle, agency, lead):
        invited = cycle.returns.get()
        deadline = Deadline.objects.get(object_id=invited.pk, rule__key="self_assessment")
        assert deadline.due_on == cycle.due_on and deadline.owner_agency == agency
        assert scope(lead, Action.VIEW_MY_WORK, Deadline.objects.all()).filter(
            pk=deadline.pk).exists()

    def test_over_several_sittings_then_submitted_and_the_clock_met(self, cycle, lead):
        return_form = cycle.returns.get()
        answer(return_form, 1, "Met", lead, narrative="Board lead named.")
        assert Return.objects.get(pk=return_form.pk).status == Return.Status.IN_PROGRESS
        complete(return_form, lead)
        return_form.refresh_from_db()
        assert return_form.status == Return.Status.SUBMITTED
        assert Deadline.objects.get(object_id=return_form.pk).met_on == TODAY()

    def test_submission_lists_what_is_missing_and_changes_nothing(self, cycle, lead):
        return_form = cycle.returns.get()
        made = answer(return_form, 3, "Not met", lead)
        answer(return_form, 2, "Met", lead)
        with pytest.raises(ValidationError) as refused:
            services.return_submit(return_form=return_form, by=lead)
        text = " ".join(refused.value.messages)
        assert "Not rated: 1" in text
        assert "Missing for: 3" in text
        assert "voice of children for standards 2" in text
        assert Return.objects.get(pk=return_form.pk).status == Return.Status.IN_PROGRESS
        services.action_plan_add(answer=made, title="Join the escalation training",
                                 due_on=TODAY() + 30 * DAY, by=lead)
        action = ActionItem.objects.get()
        assert action.owner_agency == return_form.agency

    def test_a_rating_outside_the_scale_is_refused(self, cycle, lead, partnership):
        other = services.framework_create(name="Other", kind="section_11",
                                          partnerships=[partnership],
                                          scale=[("Outstanding", True)])
        return_form = cycle.returns.get()
        with pytest.raises(ValidationError, match="scale"):
            services.answer_save(return_form=return_form, by=lead, expected_version=0,
                                 standard=cycle.framework.standards.get(number=1),
                                 rating=other.levels.get())
        assert not Answer.objects.exists()

    def test_two_sittings_at_once_do_not_overwrite(self, cycle, lead):
        return_form = cycle.returns.get()
        first = answer(return_form, 1, "Met", lead)
        standard = cycle.framework.standards.get(number=1)
        services.answer_save(return_form=return_form, standard=standard, by=lead,
                             expected_version=first.version, rating=first.rating,
                             narrative="From one tab")
        with pytest.raises(EditConflict):
            services.answer_save(return_form=return_form, standard=standard, by=lead,
                                 expected_version=first.version, rating=first.rating,
                                 narrative="From another")
        assert Answer.objects.get(pk=first.pk).narrative == "From one tab"

    def test_updated_after_submission_with_every_change_kept(self, cycle, lead):
        return_form = complete(cycle.returns.get(), lead)
        answer(return_form, 1, "Partially met", lead)
        kept = Answer.objects.get(return_form=return_form, standard__number=1).history.all()
        assert [h.rating.label for h in kept.order_by("history_date")][-2:] == [
            "Met", "Partially met"]

    def test_evidence_of_a_forbidden_type_is_refused(self, cycle, lead):
        made = answer(cycle.returns.get(), 1, "Met", lead)
        with pytest.raises(ValidationError):
            services.evidence_add(answer=made, by=lead, title="Script",
                                  upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))
        assert not Attachment.objects.exists()


class TestPrivacyAndAccess:
    def test_private_until_submitted_then_seen_by_the_partnership(
            self, cycle, lead, manager, make_person):
        return_form = cycle.returns.get()
        answer(return_form, 1, "Met", lead)
        assert can(lead, Action.ANSWER_RETURN, return_form)
        assert not can(manager, Action.VIEW_ASSURANCE, return_form)
        results = selectors.results(cycle, cycle.framework.partnerships.get(), TODAY())
        assert results.rows[0].cells[0].rating is None  # no rating leaks before submission
        complete(return_form, lead)
        assert can(manager, Action.VIEW_ASSURANCE, Return.objects.get(pk=return_form.pk))

    def test_a_second_agency_cannot_answer_anothers_return(self, cycle, partnership,
                                                            make_person, signed_in):
        other_agency = AgencyFactory(partnerships=[partnership])
        stranger = make_person(Role.AGENCY_LEAD, where=other_agency)
        return_form = cycle.returns.get()
        assert not can(stranger, Action.ANSWER_RETURN, return_form)
        client = signed_in(stranger)
        response = client.post(f"/assurance/returns/{return_form.pk}/standards/1/",
                               {"rating": level(cycle.framework, "Met").pk, "version": 0})
        assert response.status_code == 403
        assert not Answer.objects.exists()
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=stranger).exists()


class TestChallenge:
    def test_challenged_responded_and_agreed_beside_the_self_rating(self, cycle, lead,
                                                                     manager):
        return_form = complete(cycle.returns.get(), lead)
        rated = Answer.objects.get(return_form=return_form, standard__number=1)
        challenge = services.challenge_raise(answer=rated, comment="Show us", by=manager)
        with pytest.raises(ValidationError, match=rules.NOT_ANSWERED_YET):
            services.rating_agree(challenge=challenge, by=manager,
                                  agreed_rating=level(cycle.framework, "Partially met"))
        services.challenge_respond(challenge=challenge, response="Fair", by=lead)
        services.rating_agree(challenge=Challenge.objects.get(pk=challenge.pk), by=manager,
                              agreed_rating=level(cycle.framework, "Partially met"))
        rated.refresh_from_db()
        assert rated.rating.label == "Met" and rated.agreed_rating.label == "Partially met"
        results = selectors.results(cycle, cycle.framework.partnerships.get(), TODAY())
        assert results.rows[0].cells[0].rating.label == "Partially met"

    def test_not_before_submission_nor_by_its_own_agency(self, cycle, lead, agency):
        return_form = cycle.returns.get()
        rated = answer(return_form, 1, "Met", lead)
        with pytest.raises(ValidationError, match=rules.NOT_SUBMITTED):
            services.challenge_raise(answer=rated, comment="x", by=lead)
        complete(return_form, lead)
        with pytest.raises(ValidationError, match="your own agency"):
            services.challenge_raise(answer=Answer.objects.get(pk=rated.pk), comment="x",
                                     by=lead, peer_agency=agency)


class TestResults:
    def test_a_met_rating_contradicted_by_overdue_actions_is_flagged(
            self, cycle, lead, manager, agency, partnership):
        action_create(partnership=partnership, title="Late", owner_agency=agency,
                      due_on=TODAY() - 10 * DAY, source_label="A meeting", by=manager)
        complete(cycle.returns.get(), lead)
        results = selectors.results(cycle, partnership, TODAY())
        cells = results.rows[0].cells
        assert cells[2].flagged == ["1 overdue action"] and cells[0].flagged == []
        assert results.flags == 1

    def test_a_met_rating_contradicted_by_a_late_disagreement_is_flagged(
            self, framework, manager, agency, partnership, lead):
        from safeguarding.escalations.tests.factories import EscalationFactory

        standard = services.standard_add(
            framework=services.framework_new_version(framework=framework),
            title="Resolving disagreements", descriptors="x", cross_check="escalations")
        EscalationFactory(partnership=partnership, other_agency=agency,
                          raised_on=TODAY() - 30 * DAY)
        cycle = services.cycle_open(framework=standard.framework, name="With escalations",
                                    opens_on=TODAY() - DAY, due_on=TODAY() + DAY,
                                    agencies=[agency], by=manager)
        return_form = cycle.returns.get()
        for each in standard.framework.standards.all():
            services.answer_save(return_form=return_form, standard=each, by=lead,
                                 expected_version=0, rating=level(standard.framework, "Met"),
                                 child_voice="Heard")
        services.return_submit(return_form=Return.objects.get(pk=return_form.pk), by=lead)
        cells = selectors.results(cycle, partnership, TODAY()).rows[0].cells
        assert cells[-1].flagged == ["1 disagreement past its stage's target"]

    def test_change_since_the_last_cycle(self, framework, cycle, lead, manager, agency,
                                         partnership):
        complete(cycle.returns.get(), lead, s1="Partially met")
        later = services.cycle_open(framework=services.framework_new_version(
            framework=framework), name="Next year", opens_on=TODAY() + DAY,
            due_on=TODAY() + 60 * DAY, agencies=[agency], by=manager)
        complete(later.returns.get(), lead)
        cells = selectors.results(later, partnership, TODAY()).rows[0].cells
        assert cells[0].previous == "Partially met" and cells[1].previous == ""

    def test_submitted_once_seen_by_each_partnership_that_shares_the_framework(
            self, partnership, other_partnership, manager, lead, agency):
        agency.partnerships.add(other_partnership)
        shared = services.framework_create(name="Shared", kind="section_11",
                                           partnerships=[partnership, other_partnership],
                                           scale=[("Met", True), ("Not met", False)])
        services.standard_add(framework=shared, title="One", descriptors="x")
        cycle = services.cycle_open(framework=shared, name="Shared cycle",
                                    opens_on=TODAY() - DAY, due_on=TODAY() + DAY,
                                    agencies=[agency], by=manager)
        return_form = cycle.returns.get()
        answer(return_form, 1, "Met", lead)
        services.return_submit(return_form=Return.objects.get(pk=return_form.pk), by=lead)
        for each in (partnership, other_partnership):
            assert selectors.results(cycle, each, TODAY()).submitted == 1

    def test_pages_and_exports_for_the_business_manager(self, cycle, lead, manager, signed_in,
                                                         partnership):
        from openpyxl import load_workbook

        complete(cycle.returns.get(), lead, s3="Not met")
        client = signed_in(manager)
        page = client.get(f"/assurance/cycles/{cycle.pk}/results/{partnership.slug}/")
        html = page.content.decode()
        assert page.status_code == 200 and "Submitted returns by rating" in html
        assert "Not met" in html and "1 of 1" in html
        book = load_workbook(io.BytesIO(client.get(
            f"/assurance/cycles/{cycle.pk}/results/{partnership.slug}.xlsx").content))
        values = [c.value for row in book["Ratings"].iter_rows() for c in row]
        assert "Not met" in values
        pdf = client.get(f"/assurance/cycles/{cycle.pk}/results/{partnership.slug}.pdf")
        assert pdf.content.startswith(b"%PDF")
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, user=manager).count() == 2

    def test_query_count_does_not_grow_with_agencies(self, framework, manager, partnership,
                                                     lead, signed_in):
        client = signed_in(manager)

        def count(n):
            agencies = [AgencyFactory(partnerships=[partnership]) for _ in range(n)]
            cycle = services.cycle_open(framework=framework, name=f"{n}", agencies=agencies,
                                        opens_on=TODAY() - DAY, due_on=TODAY() + DAY,
                                        by=manager)
            for return_form in cycle.returns.all():
                complete(return_form, lead)
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/assurance/cycles/{cycle.pk}/results/{partnership.slug}/")
            return len(queries)

        assert count(3) == count(12)


class TestAudit:
    def test_each_agency_answers_its_own_then_moderation_and_findings(
            self, partnership, agency, manager, lead):
        police = AgencyFactory(partnerships=[partnership])
        audit = services.audit_create(
            partnership=partnership, kind="spotlight", title="Neglect", theme="Neglect",
            due_on=TODAY() + DAY, agencies=[agency, police], questions=["Recognised?"],
            references=["A-1", "A-2"], by=manager)
        case = audit.cases.first()
        question = audit.questions.get()
        services.audit_answer(case=case, agency=agency, answers={question: "Yes"}, by=lead)
        outsider = AgencyFactory(partnerships=[partnership])
        with pytest.raises(ValidationError, match="not taking part"):
            services.audit_answer(case=case, agency=outsider, answers={question: "x"}, by=lead)
        progress = {row["agency"]: row["given"] for row in selectors.audit_progress(audit)}
        assert progress == {agency: 1, police: 0}
        services.audit_to_moderation(audit=audit, moderation_on=TODAY(), by=manager)
        with pytest.raises(ValidationError, match="no longer taking answers"):
            services.audit_answer(case=case, agency=police, answers={question: "x"}, by=lead)
        with pytest.raises(ValidationError):
            services.audit_findings(audit=audit, findings="Found", by=manager,
                                    grades={c: "" for c in audit.cases.all()})
        services.audit_findings(audit=audit, findings="Found", by=manager,
                                grades={c: "good" for c in audit.cases.all()})
        audit.refresh_from_db()
        assert audit.status == "complete" and AuditAnswer.objects.count() == 1

    def test_a_case_reference_twice_is_refused(self, partnership, agency, manager):
        with pytest.raises(ValidationError, match="already in the sample"):
            services.audit_create(partnership=partnership, kind="case_file", title="T",
                                  theme="", due_on=TODAY(), agencies=[agency],
                                  questions=["Q"], references=["A-1", "A-1"], by=manager)


class TestScrutiny:
    def test_a_challenge_to_a_partner_is_in_their_work_and_answered(
            self, partnership, agency, make_person):
        scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
        challenge = services.scrutiny_challenge(partnership=partnership, to_agency=agency,
                                                question="How do you know?",
                                                due_on=TODAY() + 7 * DAY, by=scrutineer)
        deadline = Deadline.objects.get(object_id=challenge.pk, rule__key="scrutiny_response")
        assert deadline.owner_agency == agency
        assert deadline.record_label == f"Challenge to {agency.name}"  # "For" on My work
        partner = make_person(Role.DELEGATED_PARTNER)
        assert can(partner, Action.RESPOND_SCRUTINY, challenge)
        assert not can(scrutineer, Action.RESPOND_SCRUTINY, challenge)
        services.scrutiny_respond(challenge=challenge, response="Weekly checks", by=partner)
        assert ScrutinyChallenge.objects.get(pk=challenge.pk).responded_on == TODAY()
        assert Deadline.objects.get(pk=deadline.pk).met_on == TODAY()
        with pytest.raises(ValidationError):
            services.scrutiny_respond(challenge=challenge, response="Again", by=partner)
