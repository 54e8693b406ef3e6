"""The child death review: notification and its refusals, duplicates merged and never lost, the
workflow's guards and clocks, each agency's own reporting form, need-to-know access, and the
case list's query count."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding.accounts.policy import Action, can, scope
from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import rules, selectors, services
from safeguarding.child_deaths.models import AgencyReport, ChildDeath
from safeguarding.child_deaths.tests.factories import AgencyReportFactory, ChildDeathFactory
from safeguarding.core.clocks import AGENCY_REPORT_DUE, CDOP_REVIEW_DUE, JAR_MEETING_DUE
from safeguarding.core.models import ActionItem, Deadline
from safeguarding.core.workflow import MoveRefused
from safeguarding.partnership.models import Group
from safeguarding.partnership.tests.factories import AgencyFactory, GroupFactory

D = datetime.date
TODAY = D(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdop(partnership):
    return GroupFactory(name="Northshire Child Death Overview Panel", short_name="CDOP",
                        kind=Group.Kind.PANEL, partnerships=[partnership])


@pytest.fixture
def panel_member(make_person, cdop):
    return make_person(Role.PANEL_MEMBER, where=cdop)


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


def notification(**changes):
    values = dict(reference="CDR-NS-001", pseudonym="Child L", notified_on=D(2026, 11, 20),
                  date_of_death=D(2026, 11, 19), place_of_death="hospital_ed",
                  residence="resident", age_years=0, age_months=4, sex="female",
                  ethnicity="White British", unexpected=True,
                  unexpected_because="no_apparent_cause",
                  circumstances="Child L was found unresponsive (fictional).")
    values.update(changes)
    return values


def notify(partnership, agency, by, **changes):
    return services.child_death_notify(by=by, partnership=partnership, notifying_agency=agency,
                                       today=TODAY, **notification(**changes))


# -- notification -------------------------------------------------------------------------------


def test_a_notification_goes_to_the_partnerships_cdop_with_its_review_clock(
        partnership, agency, lead, cdop):
    death = notify(partnership, agency, lead)
    assert death.panel == cdop and death.status == ChildDeath.Status.NOTIFIED
    assert lead in death.members.all()
    clock = Deadline.objects.get(object_id=death.pk, rule__key=CDOP_REVIEW_DUE.key)
    assert clock.due_on == D(2027, 5, 19)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"date_of_death": D(2026, 11, 21)}, "date_of_death", rules.DEATH_AFTER_NOTIFIED),
    ({"age_years": 18}, "age_years", rules.AGE_TOO_HIGH),
    ({"age_years": 40}, "age_years", rules.AGE_TOO_HIGH),
    ({"notified_on": D(2026, 11, 24), "date_of_death": D(2026, 11, 24)}, "notified_on",
     rules.NOTIFIED_IN_FUTURE),
    ({"unexpected_because": ""}, "unexpected_because", rules.REASON_FOR_UNEXPECTED),
    ({"age_months": 12}, "age_months", rules.AGE_MONTHS_RANGE),
])
def test_bad_notifications_are_refused_and_nothing_is_saved(partnership, agency, lead, changes,
                                                            field, message):
    with pytest.raises(ValidationError) as refused:
        notify(partnership, agency, lead, **changes)
    assert refused.value.message_dict[field] == [message]
    assert not ChildDeath.objects.exists() and not Deadline.objects.exists()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(age=st.integers(min_value=18, max_value=200), days_late=st.integers(min_value=1,
                                                                           max_value=3000))
def test_any_adult_or_any_death_after_its_notification_is_refused(partnership, agency, lead,
                                                                  age, days_late):
    for changes in ({"age_years": age},
                    {"date_of_death": D(2026, 11, 20) + datetime.timedelta(days=days_late)}):
        with pytest.raises(ValidationError):
            notify(partnership, agency, lead, **changes)
    assert not ChildDeath.objects.exists()


def test_the_database_refuses_an_adult_even_past_the_service(partnership, agency):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ChildDeathFactory(partnership=partnership, notifying_agency=agency, age_years=18)


# -- duplicates ---------------------------------------------------------------------------------


def test_a_second_notification_of_the_same_child_is_kept_and_merged(partnership, agency, lead,
                                                                    panel_member):
    first = notify(partnership, agency, lead)
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    second = notify(partnership, police, lead, reference="POL-778")  # same death, sex and age
    visible = scope(panel_member, Action.VIEW_CASE, ChildDeath.objects.all())
    assert list(selectors.possible_duplicates(second, visible)) == [first]
    AgencyReportFactory(child_death=second, agency=police)
    merged = services.child_death_merge(duplicate=second, into=first, by=panel_member)
    assert merged.status == ChildDeath.Status.MERGED and merged.merged_into == first
    assert ChildDeath.objects.count() == 2, "never lost"
    assert list(first.agency_reports.values_list("agency", flat=True)) == [police.pk]
    assert list(first.merged_notifications.all()) == [second]
    assert not Deadline.objects.filter(object_id=second.pk, cancelled=False,
                                       met_on__isnull=True).exists()
    assert not selectors.possible_duplicates(first, visible).exists()


def test_the_same_case_reference_is_a_possible_duplicate_whatever_else_differs(
        partnership, agency, lead, panel_member):
    first = notify(partnership, agency, lead)
    second = notify(partnership, agency, lead, reference="cdr-ns-001", sex="male")
    visible = scope(panel_member, Action.VIEW_CASE, ChildDeath.objects.all())
    assert list(selectors.possible_duplicates(second, visible)) == [first]


def test_merging_needs_the_panel_and_an_open_case(partnership, agency, lead, panel_member):
    first = notify(partnership, agency, lead)
    second = notify(partnership, agency, lead, reference="X-2")
    with pytest.raises(PermissionDenied):
        services.child_death_merge(duplicate=second, into=first, by=lead)
    with pytest.raises(MoveRefused, match="itself"):
        services.child_death_merge(duplicate=first, into=first, by=panel_member)
    assert ChildDeath.objects.filter(status=ChildDeath.Status.MERGED).count() == 0


# -- the workflow -------------------------------------------------------------------------------


def record(death, by, **changes):
    death.refresh_from_db()
    return services.child_death_record(death=death, expected_version=death.version, by=by,
                                       **changes)


def test_an_unexpected_death_goes_through_the_joint_agency_response(partnership, agency, lead,
                                                                    panel_member):
    death = notify(partnership, agency, lead)
    with pytest.raises(MoveRefused, match="Joint Agency Response first"):
        services.child_death_move(death=death, move="start_reporting", by=panel_member)
    services.child_death_move(death=death, move="start_jar", by=panel_member)
    jar = Deadline.objects.get(object_id=death.pk, rule__key=JAR_MEETING_DUE.key)
    assert jar.due_on == D(2026, 11, 23)  # the next working day after Friday 20 November
    with pytest.raises(MoveRefused, match="information-sharing meeting"):
        services.child_death_move(death=death, move="jar_recorded", by=panel_member)
    record(death, panel_member, jar_meeting_on=D(2026, 11, 23), jar_timeline="Police and "
           "paediatrician visited the home (fictional).")
    death = services.child_death_move(death=death, move="jar_recorded", by=panel_member)
    assert death.status == ChildDeath.Status.AGENCY_REPORTING
    jar.refresh_from_db()
    assert jar.met_on == D(2026, 11, 23)


def test_an_expected_death_needs_no_joint_agency_response(partnership, agency, lead,
                                                          panel_member):
    death = notify(partnership, agency, lead, unexpected=False, unexpected_because="")
    with pytest.raises(MoveRefused, match="Only an unexpected death"):
        services.child_death_move(death=death, move="start_jar", by=panel_member)
    death = services.child_death_move(death=death, move="start_reporting", by=panel_member)
    assert death.status == ChildDeath.Status.AGENCY_REPORTING


def test_the_review_meeting_waits_for_every_form_and_a_months_notice(partnership, agency,
                                                                     panel_member, lead):
    death = ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                              status=ChildDeath.Status.AGENCY_REPORTING,
                              panel=selectors.cdop_of(partnership))
    with pytest.raises(MoveRefused, match="Ask at least one agency"):
        services.child_death_move(death=death, move="cdrm_held", by=panel_member)
    report = services.agency_report_request(death=death, agency=agency, due_on=TODAY,
                                            by=panel_member, today=TODAY)
    assert Deadline.objects.get(object_id=report.pk, rule__key=AGENCY_REPORT_DUE.key).due_on \
        == TODAY
    with pytest.raises(ValidationError) as too_soon:
        record(death, panel_member, cdrm_notice_sent_on=D(2026, 10, 1), cdrm_on=D(2026, 10, 30))
    assert too_soon.value.message_dict["cdrm_on"] == [
        rules.CDRM_TOO_SOON.format(earliest=D(2026, 11, 1))]
    record(death, panel_member, cdrm_notice_sent_on=D(2026, 10, 1), cdrm_on=D(2026, 11, 2),
           cdrm_summary="The professionals met (fictional).")
    with pytest.raises(MoveRefused, match="Every agency asked"):
        services.child_death_move(death=death, move="cdrm_held", by=panel_member)
    services.agency_report_write(report=report, by=lead, submit=True, involvement="Saw him",
                                 factors="None", learning="None", today=TODAY)
    death = services.child_death_move(death=death, move="cdrm_held", by=panel_member)
    assert death.status == ChildDeath.Status.CDRM_HELD


def test_the_meeting_follows_the_post_mortem_report(partnership, agency, panel_member):
    death = ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                              panel=selectors.cdop_of(partnership), post_mortem=True)
    with pytest.raises(ValidationError) as refused:
        record(death, panel_member, cdrm_on=D(2026, 11, 2))
    assert refused.value.message_dict["cdrm_on"] == [rules.CDRM_BEFORE_POST_MORTEM]


@pytest.mark.parametrize("category", ["11", "0", "x", "suicide"])
def test_an_unknown_category_is_refused(partnership, agency, panel_member, category):
    death = ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                              panel=selectors.cdop_of(partnership))
    with pytest.raises(ValidationError) as refused:
        record(death, panel_member, category=category)
    assert refused.value.message_dict["category"] == [rules.UNKNOWN_CATEGORY]
    death.refresh_from_db()
    assert death.category == "" and death.version == 1


def test_closing_needs_the_analysis_and_meets_the_clock(partnership, agency, panel_member, lead):
    death = notify(partnership, agency, lead, notified_on=D(2026, 6, 2),
                   date_of_death=D(2026, 6, 1))
    ChildDeath.objects.filter(pk=death.pk).update(status=ChildDeath.Status.READY)
    with pytest.raises(MoveRefused, match="Complete the analysis first"):
        services.child_death_move(death=death, move="close", by=panel_member)
    record(death, panel_member, cdop_meeting_on=D(2026, 10, 14), category="10",
           modifiable="yes", learning="Safe sleep (fictional).")
    death = services.child_death_move(death=death, move="close", by=panel_member)
    assert death.status == ChildDeath.Status.CLOSED and death.closed_on is not None
    clock = Deadline.objects.get(object_id=death.pk, rule__key=CDOP_REVIEW_DUE.key)
    assert clock.met_on == D(2026, 10, 14)
    action = services.cdop_action_add(death=death, title="Safe sleep campaign",
                                      owner_agency=agency, due_on=D(2027, 3, 1),
                                      by=panel_member)
    assert action.source == death and death.pseudonym not in action.source_label
    assert ActionItem.objects.count() == 1


# -- each agency's own form ---------------------------------------------------------------------


def test_an_agency_sees_and_writes_only_its_own_form(partnership, agency, make_person,
                                                     panel_member):
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    death = ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                              panel=selectors.cdop_of(partnership))
    ours = AgencyReportFactory(child_death=death, agency=agency)
    theirs = AgencyReportFactory(child_death=death, agency=police)
    lead = make_person(Role.AGENCY_LEAD)
    assert list(scope(lead, Action.VIEW_REQUEST, AgencyReport.objects.all())) == [ours]
    assert not can(lead, Action.VIEW_CASE, death)
    with pytest.raises(PermissionDenied):
        services.agency_report_write(report=theirs, by=lead, submit=True, involvement="x",
                                     factors="x", learning="x")
    theirs.refresh_from_db()
    assert theirs.involvement == "" and theirs.submitted_on is None
    assert set(scope(panel_member, Action.VIEW_REQUEST, AgencyReport.objects.all())) == {
        ours, theirs}
    assert not can(panel_member, Action.ANSWER_REQUEST, ours)


def test_sending_a_form_needs_every_part(partnership, agency, lead):
    report = AgencyReportFactory(child_death=ChildDeathFactory(partnership=partnership),
                                 agency=agency)
    with pytest.raises(ValidationError) as refused:
        services.agency_report_write(report=report, by=lead, submit=True, involvement="x",
                                     factors="", learning="")
    assert set(refused.value.message_dict) == {"factors", "learning"}
    services.agency_report_write(report=report, by=lead, submit=False, involvement="x")
    report.refresh_from_db()
    assert report.involvement == "x" and report.submitted_on is None


def test_a_form_goes_to_the_agencys_leads_in_reminders(partnership, agency, lead, make_person):
    make_person(Role.AGENCY_LEAD, where=AgencyFactory())
    report = AgencyReportFactory(child_death=ChildDeathFactory(partnership=partnership),
                                 agency=agency)
    assert report.reminder_recipients() == [lead]


def test_an_agency_lead_writing_another_agencys_form_is_refused_by_the_page(
        partnership, agency, make_person, signed_in):
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    theirs = AgencyReportFactory(child_death=ChildDeathFactory(partnership=partnership),
                                 agency=police)
    client = signed_in(make_person(Role.AGENCY_LEAD))
    response = client.post(f"/child-death-reporting-forms/{theirs.pk}/",
                           {"involvement": "x", "factors": "x", "learning": "x",
                            "submit": "yes"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.involvement == ""


# -- need to know -------------------------------------------------------------------------------


def test_only_the_panel_and_named_members_see_a_case(partnership, agency, make_person,
                                                     panel_member, signed_in):
    from safeguarding.core.models import AccessEvent

    death = ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                              panel=selectors.cdop_of(partnership))
    manager = make_person(Role.BUSINESS_MANAGER)
    assert can(panel_member, Action.VIEW_CASE, death)
    assert not can(manager, Action.VIEW_CASE, death)
    death.members.add(manager)
    assert can(manager, Action.VIEW_CASE, death)
    response = signed_in(panel_member).get(death.get_absolute_url())
    assert response.status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEW, user=panel_member,
                                      object_id=str(death.pk)).exists()


def test_the_case_list_takes_the_same_queries_however_many_cases(partnership, agency, cdop,
                                                                 panel_member, signed_in):
    client = signed_in(panel_member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/child-deaths/").status_code == 200
        return len(captured)

    ChildDeathFactory(partnership=partnership, notifying_agency=agency, panel=cdop)
    few = queries()
    for _ in range(8):
        ChildDeathFactory(partnership=partnership, notifying_agency=AgencyFactory(), panel=cdop)
    assert queries() == few
