"""Meetings: recording them, what is refused, who sees restricted papers, calendar files,
invitations, and the compliance check against the arrangements' rules."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import AccessEvent, ActionItem
from safeguarding.meetings import services
from safeguarding.meetings.models import Attendance, Meeting, MeetingRule
from safeguarding.meetings.selectors import compliance
from safeguarding.meetings.tests.factories import MeetingFactory, at
from safeguarding.partnership import services as structure
from safeguarding.partnership.tests.factories import GroupFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def group(partnership):
    return GroupFactory(name="Planning and Delivery Group", kind="subgroup",
                        partnerships=[partnership])


@pytest.fixture
def members(group, manager, agency):
    people = [PersonFactory(full_name=name, agency=agency) for name in ("Ann Able", "Ben Bold")]
    for person in people:
        structure.seat_add(group=group, person=person, starts_on=D(2024, 4, 1), by=manager)
    return people


def test_a_meeting_outside_the_groups_dates_is_refused(partnership, manager):
    finished = GroupFactory(partnerships=[partnership], kind="task_and_finish",
                            starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="only between 1 January 2025 and 31 December"):
        services.meeting_create(group=finished, starts_at=at(D(2026, 2, 3)),
                                ends_at=at(D(2026, 2, 3), 12), by=manager)
    assert not Meeting.objects.exists()


def test_an_attendee_who_is_not_a_member_is_refused_and_nothing_is_saved(group, members,
                                                                         manager):
    meeting = MeetingFactory(group=group, starts_at=at(D(2026, 5, 12)))
    stranger = PersonFactory(full_name="Cal Stranger")
    with pytest.raises(ValidationError, match="Cal Stranger is not"):
        services.attendance_record(meeting=meeting, by=manager, entries=[
            {"person": members[0], "status": "present"},
            {"person": stranger, "status": "present"}])
    assert not Attendance.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_deputy_must_be_named(group, members, manager):
    meeting = MeetingFactory(group=group, starts_at=at(D(2026, 5, 12)))
    with pytest.raises(ValidationError, match="Enter the name of the deputy Ann Able sent"):
        services.attendance_record(meeting=meeting, by=manager,
                                   entries=[{"person": members[0], "status": "deputy"}])


def test_the_attendance_page_refuses_a_non_member_clearly(group, members, manager, signed_in):
    meeting = MeetingFactory(group=group, starts_at=at(D(2026, 5, 12)))
    stranger = PersonFactory(full_name="Cal Stranger", agency=members[0].agency)
    page = signed_in(manager).post(f"/meetings/{meeting.pk}/attendance/", {
        f"person_{members[0].pk}": "present", f"person_{members[1].pk}": "apologies",
        "extra-person": stranger.pk,
    }).content.decode()
    assert "There is a problem" in page
    assert "Only members of the group on the day can be recorded: Cal Stranger is not" in page
    assert not Attendance.objects.exists()


class TestPapers:
    def test_a_paper_of_a_forbidden_type_or_too_big_is_refused(self, group, manager, signed_in,
                                                               settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        meeting = MeetingFactory(group=group)
        item = services.agenda_item_add(meeting=meeting, title="Performance report",
                                        purpose="assurance", by=manager)
        client = signed_in(manager)
        url = f"/meetings/{meeting.pk}/agenda/{item.pk}/papers/new/"
        page = client.post(url, {"title": "Report", "file": SimpleUploadedFile(
            "report.pdf", b"MZ\x90\x00 a program")}).content.decode()
        assert "The selected file must be a PDF, Word document" in page
        settings.MAX_UPLOAD_BYTES = 1024 * 1024
        page = client.post(url, {"title": "Report", "file": SimpleUploadedFile(
            "report.pdf", PDF + b"0" * (1024 * 1024))}).content.decode()
        assert "The selected file must be smaller than 1MB" in page
        assert not list(tmp_path.rglob("*"))  # nothing half-saved on disk either

    def test_restricted_papers_and_minutes_are_for_the_groups_members_only(
        self, group, members, manager, make_person, signed_in, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        meeting = MeetingFactory(group=group)
        item = services.agenda_item_add(meeting=meeting, title="Case discussion",
                                        purpose="discussion", by=manager)
        paper = services.paper_add(item=item, title="Confidential paper", restricted=True,
                                   upload=SimpleUploadedFile("paper.pdf", PDF), by=manager)
        services.minutes_save(meeting=meeting, minutes="Secret minutes text", restricted=True,
                              expected_version=meeting.version, by=manager)
        scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
        client = signed_in(scrutineer)
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        assert "Confidential paper" in page and "for the group's members only" in page
        assert "Secret minutes text" not in page
        assert client.get(f"/papers/{paper.pk}/").status_code == 403
        assert AccessEvent.objects.filter(user=scrutineer, kind=AccessEvent.Kind.DENIED).exists()
        # A member who signs in may read and download them.
        member = members[0]
        from safeguarding.accounts.tests.factories import UserFactory

        member.user = UserFactory()
        member.save()
        member_client = signed_in(member.user)
        assert "Secret minutes text" in member_client.get(
            f"/meetings/{meeting.pk}/").content.decode()
        download = member_client.get(f"/papers/{paper.pk}/")
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith('attachment; filename="paper.pdf"')
        assert AccessEvent.objects.filter(user=member.user,
                                          kind=AccessEvent.Kind.DOWNLOAD).exists()


def test_a_decision_with_two_actions_goes_to_the_tracker(group, members, manager, signed_in,
                                                         agency):
    meeting = MeetingFactory(group=group, starts_at=at(D(2026, 5, 12)))
    response = signed_in(manager).post(f"/meetings/{meeting.pk}/decisions/new/", {
        "text": "Refresh the escalation policy",
        "actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "0",
        "actions-0-title": "Draft the policy", "actions-0-owner_agency": agency.pk,
        "actions-0-due_on_0": "30", "actions-0-due_on_1": "6", "actions-0-due_on_2": "2026",
        "actions-1-title": "Brief practitioners", "actions-1-owner_agency": agency.pk,
        "actions-1-due_on_0": "31", "actions-1-due_on_1": "7", "actions-1-due_on_2": "2026",
    })
    assert response.status_code == 302
    actions = ActionItem.objects.order_by("due_on")
    assert [a.title for a in actions] == ["Draft the policy", "Brief practitioners"]
    assert actions[0].source_label.startswith("Planning and Delivery Group decision")


def test_a_half_filled_action_row_is_refused_and_nothing_saved(group, manager, signed_in,
                                                               agency):
    meeting = MeetingFactory(group=group)
    page = signed_in(manager).post(f"/meetings/{meeting.pk}/decisions/new/", {
        "text": "Refresh the escalation policy",
        "actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "0",
        "actions-0-title": "Draft the policy",
    }).content.decode()
    assert "Select the agency that owns the action" in page
    assert "Enter the date the action is due" in page
    assert not meeting.decisions.exists() and not ActionItem.objects.exists()


def test_the_calendar_file_and_invitations(group, members, manager, settings):
    members[0].email = "ann@agency.example"
    members[0].save()
    meeting = MeetingFactory(group=group, location="Room 2")
    from safeguarding.meetings.calendar import meeting_ics
    from safeguarding.meetings.tasks import send_invitations

    ics = meeting_ics(meeting).decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Planning and Delivery Group" in ics
    assert "LOCATION:Room 2" in ics and "METHOD:REQUEST" in ics
    send_invitations.enqueue(meeting.pk, meeting.ics_sequence)
    send_invitations.enqueue(meeting.pk, meeting.ics_sequence)  # a second click sends nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@agency.example"]
    assert mail.outbox[0].attachments[0][0] == "meeting.ics"
    meeting = services.meeting_cancel(meeting=meeting, expected_version=meeting.version,
                                      by=manager)
    send_invitations.enqueue(meeting.pk, meeting.ics_sequence)
    assert "METHOD:CANCEL" in mail.outbox[1].attachments[0][1]


class TestCompliance:
    def test_a_recorded_meeting_counts(self, partnership, group, members, manager):
        rule = MeetingRule.objects.create(group=group, kind="at_least", number=2,
                                          requirement="At least two.", source="Test")
        rule.partnerships.set([partnership])
        year = BusinessYear(2026)
        today = D(2026, 11, 23)
        before = compliance(partnership, year, today)["results"][0]
        assert before.summary == "0 held, 0 planned, of at least 2"
        meeting = MeetingFactory(group=group, starts_at=at(D(2026, 5, 12)))
        services.attendance_record(meeting=meeting, by=manager, entries=[
            {"person": p, "status": "present"} for p in members])
        after = compliance(partnership, year, today)["results"][0]
        assert after.summary == "1 held, 0 planned, of at least 2"
        assert after.status == "at_risk" and after.missing == ["1 more meeting to plan"]
        assert [r.rate for r in compliance(partnership, year, today)["attendance"]] == [100, 100]

    def test_quarterly_presentations_joint_share_and_reports(self, partnership, group, members,
                                                             manager):
        year = BusinessYear(2026)
        rules = {kind: MeetingRule.objects.create(group=group, kind=kind, number=number,
                                                  share=share, topics=topics,
                                                  requirement=kind, source="Test")
                 for kind, number, share, topics in [
                     ("quarterly", 4, None, []), ("joint_at_most", 0, "0.50", []),
                     ("presentations", 0, None, ["cdop", "lado"]),
                     ("written_reports", 4, None, [])]}
        for rule in rules.values():
            rule.partnerships.set([partnership])
        for day, joint in ((D(2026, 5, 12), True), (D(2026, 8, 11), True),
                           (D(2026, 10, 13), False)):
            meeting = services.meeting_create(group=group, starts_at=at(day), ends_at=at(day, 12),
                                              joint_with_adults_boards=joint, by=manager)
            if day.month == 5:
                services.agenda_item_add(meeting=meeting, title="CDOP annual report",
                                         purpose="assurance", presentation="cdop", by=manager)
            services.attendance_record(meeting=meeting, by=manager, entries=[
                {"person": p, "status": "present"} for p in members])
        services.written_report_record(partnerships=[partnership], title="Q1 report",
                                       sent_on=D(2026, 6, 10), by=manager)
        results = {r.rule.kind: r for r in compliance(partnership, year, D(2027, 1, 20))[
            "results"]}
        assert results["quarterly"].lines[3] == ("Quarter 4", "None")
        assert results["quarterly"].status == "at_risk"
        assert results["joint_at_most"].summary == "2 of 3 joint with the adults boards (up to 1 " \
                                                   "allowed)"
        assert results["joint_at_most"].status == "not_met"
        assert ("Local Authority Designated Officer", "Missing") in results["presentations"].lines
        assert results["written_reports"].missing == ["Quarter 2: no written report sent",
                                                      "Quarter 3: no written report sent"]

    def test_the_compliance_page_query_count_does_not_grow(self, partnership, group, members,
                                                           manager, signed_in):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        rule = MeetingRule.objects.create(group=group, kind="at_least", number=8,
                                          requirement="At least eight.", source="Test")
        rule.partnerships.set([partnership])
        client = signed_in(manager)
        year = BusinessYear.of(timezone.localdate())

        def count(n):
            for i in range(n):
                day = year.starts_on + datetime.timedelta(days=7 * (i + 1))
                meeting = MeetingFactory(group=group, starts_at=at(day, 9 + i % 6))
                services.attendance_record(meeting=meeting, by=manager, entries=[
                    {"person": p, "status": "present"} for p in members])
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    f"/partnerships/{partnership.slug}/years/{year.slug}/compliance/")
                assert response.status_code == 200
            return len(queries)

        assert count(2) == count(10)
