"""The shared action tracker and "My work"."""

import datetime

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.core import forms
from safeguarding.core.models import ActionItem
from safeguarding.core.services import action_update
from safeguarding.core.tests.factories import ActionItemFactory
from safeguarding.core.versioning import EditConflict

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


@pytest.fixture
def action(partnership, agency, lead):
    return ActionItemFactory(partnership=partnership, owner_agency=agency, owner=lead,
                             title="Review the discharge checklist")


def test_completing_an_action_needs_evidence_and_changes_nothing_without_it(signed_in, lead,
                                                                            action):
    client = signed_in(lead)
    page = client.post(f"/actions/{action.pk}/update/",
                       {"version": action.version, "status": "completed"}).content.decode()
    assert "There is a problem" in page
    assert forms.ENTER_COMPLETION_EVIDENCE in page
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_completing_an_action_records_the_date_and_the_history(signed_in, lead, action):
    client = signed_in(lead)
    response = client.post(f"/actions/{action.pk}/update/", {
        "version": action.version, "status": "completed",
        "completion_evidence": "Checklist reissued to all wards",
    })
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionItem.Status.COMPLETED
    assert action.completed_on == TODAY
    assert action.version == 2
    entry = action.history.first()
    assert entry.history_user == lead
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert "Action updated" in page
    assert "Checklist reissued to all wards" in page
    assert "Status: Not started → Completed" in page  # the history: before and after


def test_the_second_of_two_people_saving_is_told_what_changed(signed_in, lead, action,
                                                              make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    opened_at = action.version
    action_update(action=action, expected_version=opened_at, by=manager,
                  status=ActionItem.Status.IN_PROGRESS)
    page = signed_in(lead).post(f"/actions/{action.pk}/update/", {
        "version": opened_at, "status": "cancelled",
    }).content.decode()
    assert "Someone else changed this record while you were editing it" in page
    assert "Status is now" in page
    action.refresh_from_db()
    assert action.status == ActionItem.Status.IN_PROGRESS
    assert action.version == opened_at + 1


def test_a_stale_save_is_refused_by_the_service(lead, action):
    action_update(action=action, expected_version=1, by=lead, status="in_progress")
    with pytest.raises(EditConflict) as refused:
        action_update(action=action, expected_version=1, by=lead, status="cancelled")
    assert [change.field for change in refused.value.changes] == ["status"]


def test_another_agencys_lead_cannot_update_or_see_the_action(signed_in, make_person,
                                                              partnership, action):
    from safeguarding.partnership.tests.factories import AgencyFactory

    other = make_person(Role.AGENCY_LEAD, where=AgencyFactory(partnerships=[partnership]))
    client = signed_in(other)
    assert client.get(f"/actions/{action.pk}/").status_code == 403
    refused = client.post(f"/actions/{action.pk}/update/",
                          {"version": 1, "status": "cancelled"})
    assert refused.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_scrutineer_reads_actions_but_cannot_update(signed_in, make_person, action):
    scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
    client = signed_in(scrutineer)
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert action.title in page
    assert "Update progress" not in page
    assert client.get(f"/actions/{action.pk}/update/").status_code == 403


class TestMyWork:
    def test_lists_what_is_overdue_and_due_soon(self, signed_in, lead, partnership, agency):
        ActionItemFactory(partnership=partnership, owner_agency=agency, owner=lead,
                          title="Late one", due_on=TODAY - datetime.timedelta(days=3))
        ActionItemFactory(partnership=partnership, owner_agency=agency, owner=lead,
                          title="Soon one", due_on=TODAY + datetime.timedelta(days=2))
        ActionItemFactory(partnership=partnership, owner_agency=agency, owner=lead,
                          title="Far one", due_on=TODAY + datetime.timedelta(days=90))
        ActionItemFactory(partnership=partnership, owner_agency=agency, owner=lead,
                          title="Done one", due_on=TODAY - datetime.timedelta(days=3),
                          status="completed", completed_on=TODAY)
        page = signed_in(lead).get("/my-work/").content.decode()
        overdue, due_soon = page.split("Due soon", 1)
        assert "Late one" in overdue and "Overdue by 3 days" in overdue
        assert "Soon one" in due_soon and "2 days left" in due_soon
        assert "Far one" not in page
        assert "Done one" not in page

    def test_shows_case_deadlines_only_to_those_who_may_see_the_case(
        self, signed_in, make_person, partnership
    ):
        from safeguarding.core.services import deadline_start
        from safeguarding.core.tests.casework import SampleCaseFactory

        member = make_person(Role.BUSINESS_MANAGER)
        outsider = make_person(Role.BUSINESS_OFFICER)
        case = SampleCaseFactory(partnership=partnership, members=[member], reference="NSCP-9",
                                 la_became_aware=TODAY)
        deadline_start(record=case, key="rapid_review", started_on=TODAY,
                       partnership=partnership)
        assert "NSCP-9" in signed_in(member).get("/my-work/").content.decode()
        assert "NSCP-9" not in signed_in(outsider).get("/my-work/").content.decode()

    def test_the_number_of_queries_does_not_grow_with_the_work(
        self, signed_in, lead, partnership, agency, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = signed_in(lead)

        def count(n):
            ActionItemFactory.create_batch(n, partnership=partnership, owner_agency=agency,
                                           owner=lead, due_on=TODAY)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/my-work/").status_code == 200
            return len(queries)

        assert count(3) == count(27)

    def test_the_action_list_query_count_does_not_grow(self, signed_in, lead, partnership,
                                                       agency):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = signed_in(lead)

        def count(n):
            ActionItemFactory.create_batch(n, partnership=partnership, owner_agency=agency,
                                           owner=lead)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/actions/").status_code == 200
            return len(queries)

        assert count(3) == count(27)


def test_history_names_people_and_agencies_not_their_numbers(signed_in, make_person, action,
                                                             partnership):
    from safeguarding.accounts.tests.factories import UserFactory

    manager = make_person(Role.BUSINESS_MANAGER)
    new_owner = UserFactory(full_name="Sam Taylor")
    action_update(action=action, expected_version=action.version, by=manager, owner=new_owner)
    page = signed_in(manager).get(f"/actions/{action.pk}/").content.decode()
    assert "Owner: " in page and "→ Sam Taylor" in page
