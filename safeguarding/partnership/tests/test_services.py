"""The partnership's structure: offices without overlaps, seats within a group's dates, key
changes flagging the published arrangements, the annual review in My work."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguarding.accounts.models import RoleGrant
from safeguarding.accounts.roles import Role
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem, Deadline
from safeguarding.partnership import services
from safeguarding.partnership.models import Agency, Appointment, GroupMember, Office
from safeguarding.partnership.selectors import chair_rotation, chairs_on
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    ArrangementsFactory,
    GroupFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
Y2026 = BusinessYear(2026)


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


def chair(person, partnership, by, year=Y2026, office=Office.CHAIR, joint=False):
    return services.appointment_create(person=person, office=office, partnerships=[partnership],
                                       starts_on=year.starts_on, ends_on=year.ends_on,
                                       joint=joint, by=by)


class TestOffices:
    def test_who_chairs_is_computed_from_the_date(self, partnership, manager):
        first, second = PersonFactory(), PersonFactory()
        chair(first, partnership, manager, BusinessYear(2025))
        chair(second, partnership, manager, Y2026)
        assert [a.person for a in chairs_on(partnership, D(2026, 3, 31))["chairs"]] == [first]
        assert [a.person for a in chairs_on(partnership, D(2026, 4, 1))["chairs"]] == [second]
        assert [row.year.label for row in chair_rotation(partnership)] == ["2025/26", "2026/27"]

    def test_overlapping_chair_terms_are_refused_and_nothing_is_saved(self, partnership,
                                                                      manager):
        chair(PersonFactory(full_name="Pat First"), partnership, manager)
        with pytest.raises(ValidationError) as refused:
            services.appointment_create(
                person=PersonFactory(), office=Office.CHAIR, partnerships=[partnership],
                starts_on=D(2026, 10, 1), ends_on=D(2027, 9, 30), by=manager)
        assert "Pat First is already partnership chair from 1 April 2026 to 31 March 2027" in \
            refused.value.message_dict["starts_on"][0]
        assert Appointment.objects.filter(office=Office.CHAIR).count() == 1

    def test_joint_chairs_may_share_a_year(self, partnership, manager):
        chair(PersonFactory(), partnership, manager, joint=True)
        chair(PersonFactory(), partnership, manager, joint=True)
        assert len(chair_rotation(partnership)[0].chairs) == 2
        with pytest.raises(ValidationError):  # a third, not joint, still clashes
            chair(PersonFactory(), partnership, manager)

    def test_one_lead_partner_per_agency(self, partnership, manager):
        police = AgencyFactory(kind=Agency.Kind.SAFEGUARDING_PARTNER, partnerships=[partnership])
        council = AgencyFactory(kind=Agency.Kind.SAFEGUARDING_PARTNER, partnerships=[partnership])
        for agency in (police, council):
            services.appointment_create(person=PersonFactory(), office=Office.LEAD_PARTNER,
                                        partnerships=[partnership], agency=agency,
                                        starts_on=D(2024, 4, 1), by=manager)
        with pytest.raises(ValidationError):
            services.appointment_create(person=PersonFactory(), office=Office.LEAD_PARTNER,
                                        partnerships=[partnership], agency=police,
                                        starts_on=D(2026, 4, 1), by=manager)
        with pytest.raises(ValidationError, match="Select the partner agency"):
            services.appointment_create(person=PersonFactory(), office=Office.LEAD_PARTNER,
                                        partnerships=[partnership], starts_on=D(2026, 4, 1),
                                        by=manager)

    def test_an_end_before_the_start_is_refused(self, partnership, manager):
        with pytest.raises(ValidationError, match="must be the same as or after"):
            services.appointment_create(person=PersonFactory(), office=Office.CHAIR,
                                        partnerships=[partnership], starts_on=D(2026, 4, 1),
                                        ends_on=D(2026, 3, 1), by=manager)


class TestArrangements:
    def test_a_new_lead_partner_flags_the_arrangements_and_puts_an_action_in_my_work(
        self, partnership, manager, signed_in
    ):
        unit = AgencyFactory(kind=Agency.Kind.BUSINESS_UNIT, partnerships=[partnership])
        police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
        document = ArrangementsFactory(partnerships=[partnership], update_on_key_change=True)
        services.appointment_create(person=PersonFactory(full_name="Chief Constable Ray"),
                                    office=Office.LEAD_PARTNER, partnerships=[partnership],
                                    agency=police, starts_on=D(2026, 11, 1), by=manager)
        document.refresh_from_db()
        assert document.needs_update
        assert "Lead safeguarding partner changed: Chief Constable Ray" in document.update_reasons
        action = ActionItem.objects.get(title=services.UPDATE_ARRANGEMENTS)
        assert action.owner_agency == unit
        # A second key change adds to the same open action.
        services.relevant_agency_set(partnership=partnership, agency=AgencyFactory(
            name="Northshire Ambulance", partnerships=[partnership]), relevant=True,
            reason="Emergency care", by=manager)
        assert ActionItem.objects.filter(title=services.UPDATE_ARRANGEMENTS).count() == 1
        assert "Northshire Ambulance named as a relevant agency" in ActionItem.objects.get(
            title=services.UPDATE_ARRANGEMENTS).description
        # Publishing a new version clears the flag and completes the action.
        services.arrangements_publish(arrangements=document, by=manager, funding="Partners",
                                      change_summary="New LSP",
                                      sections=[{"heading": "Partners", "body": "Who they are"}])
        document.refresh_from_db()
        assert not document.needs_update
        assert ActionItem.objects.get(title=services.UPDATE_ARRANGEMENTS).status == "completed"

    def test_the_annual_review_is_a_clock_with_a_new_one_each_year(self, partnership, manager):
        document = ArrangementsFactory(partnerships=[partnership], review_annually=True)
        services.arrangements_publish(arrangements=document, by=manager, on=D(2025, 6, 1),
                                      funding="Partners", change_summary="First",
                                      sections=[{"heading": "A", "body": "B"}])
        first = Deadline.objects.get(rule__key="arrangements_review")
        assert first.due_on == D(2026, 6, 1)
        services.arrangements_review(arrangements=document, by=manager, on=D(2026, 5, 20))
        first.refresh_from_db()
        assert first.met_on == D(2026, 5, 20)
        assert Deadline.objects.get(rule__key="arrangements_review", met_on__isnull=True
                                    ).due_on == D(2027, 5, 20)

    def test_my_work_names_the_arrangements_whose_review_falls_due(self, partnership, manager,
                                                                  signed_in):
        document = ArrangementsFactory(partnerships=[partnership], review_annually=True,
                                       title="Northshire Safeguarding Arrangements")
        services.arrangements_publish(
            arrangements=document, by=manager, funding="Partners", change_summary="First",
            on=timezone.localdate() - datetime.timedelta(days=360),
            sections=[{"heading": "A", "body": "B"}])
        page = signed_in(manager).get("/my-work/").content.decode()
        row = page.split("Review the multi-agency safeguarding arrangements", 1)[1]
        row = row.split("</tr>", 1)[0]
        assert "Northshire Safeguarding Arrangements" in row
        assert f"arrangements {document.pk}" not in page

    def test_a_section_without_text_is_refused(self, partnership, manager):
        document = ArrangementsFactory(partnerships=[partnership])
        with pytest.raises(ValidationError, match="Enter a heading and text for every section"):
            services.arrangements_publish(arrangements=document, by=manager, funding="x",
                                          change_summary="x",
                                          sections=[{"heading": "Partners", "body": ""}])
        assert not document.versions.exists()


class TestSeats:
    def test_a_seat_outside_the_groups_dates_is_refused(self, partnership, manager):
        group = GroupFactory(partnerships=[partnership], starts_on=D(2026, 1, 1),
                             ends_on=D(2026, 12, 31))
        with pytest.raises(ValidationError, match="within the group's own dates"):
            services.seat_add(group=group, person=PersonFactory(), starts_on=D(2025, 6, 1),
                              by=manager)
        assert not GroupMember.objects.exists()

    def test_a_panel_seat_gives_a_user_the_panel_role(self, partnership, manager, panel):
        from safeguarding.accounts.tests.factories import UserFactory

        person = PersonFactory(user=UserFactory())
        services.seat_add(group=panel, person=person, starts_on=D(2026, 1, 1), by=manager)
        assert RoleGrant.objects.filter(user=person.user, role=Role.PANEL_MEMBER,
                                        group=panel).exists()
        with pytest.raises(ValidationError, match="already has a seat"):
            services.seat_add(group=panel, person=person, starts_on=D(2026, 6, 1), by=manager)
