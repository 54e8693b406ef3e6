"""What each role sees of the partnership's pages, on the demo partnerships."""

import pytest
from django.core.management import call_command

from safeguarding.accounts.models import User
from safeguarding.core.business_year import BusinessYear
from safeguarding.meetings.models import Meeting
from safeguarding.partnership.models import Agency, Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")


def demo_user(local):
    return User.objects.get(email=f"{local}@demo.example")


def test_llr_business_manager_sees_the_chair_and_deputy_of_2026_27(demo, signed_in):
    client = signed_in(demo_user("llr.business.manager"))
    page = client.get("/partnerships/leicestershire-rutland/years/2026-27/").content.decode()
    assert "Police DSP, Henry Henderson" in page
    assert "Interim Leicestershire DSP, Sharon Cooke" in page
    rotation = client.get("/partnerships/leicestershire-rutland/chairs/").content.decode()
    assert "Rutland DSP, Kevin Quinn &amp; Leicester DSP, Laurence Jones" in rotation
    assert "2029/30" in rotation


def test_the_structure_chart_is_drawn_with_a_text_alternative(demo, signed_in):
    page = signed_in(demo_user("llr.business.manager")).get(
        "/partnerships/leicestershire-rutland/structure/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="group"' in page
    assert "The structure in words" in page
    assert "LLR Operational Group</a> (feeds into LLR Performance Group)" in page


def test_an_agency_page_shows_representatives_groups_attendance_and_actions(demo, signed_in):
    police = Agency.objects.get(name="Leicestershire Police")
    page = signed_in(demo_user("llr.business.manager")).get(
        f"/agencies/{police.pk}/").content.decode()
    assert "Henry Henderson" in page and "LLR Meeting of Safeguarding Partners" in page
    assert "Confirm the police contribution in writing" in page
    if Meeting.objects.filter(status="held").exists():
        assert 'id="agency-attendance"' in page


class TestLeedsAgencyLead:
    """A Leeds agency lead sees only what the role allows."""

    def test_sees_leeds_not_llr(self, demo, signed_in):
        client = signed_in(demo_user("leeds.agency.lead"))
        assert client.get("/partnerships/leeds/").status_code == 200
        assert client.get("/partnerships/leicestershire-rutland/").status_code == 403
        listing = client.get("/partnerships/", follow=True).content.decode()
        assert "Leicester" not in listing

    def test_cannot_run_meetings_or_see_compliance(self, demo, signed_in):
        client = signed_in(demo_user("leeds.agency.lead"))
        year = BusinessYear.of(__import__("django.utils.timezone").utils.timezone.localdate())
        assert client.get(f"/partnerships/leeds/years/{year.slug}/compliance/").status_code == 403
        assert client.get("/meetings/new/").status_code == 403
        group = Group.objects.get(name="Leeds Safeguarding Partnership Meeting")
        assert client.get(f"/groups/{group.pk}/members/new/").status_code == 403

    def test_sees_the_meetings_of_groups_they_sit_on_only(self, demo, signed_in):
        client = signed_in(demo_user("leeds.agency.lead"))
        theirs = Meeting.objects.filter(group__name="Leeds Safeguarding Partnership Meeting"
                                        ).first()
        not_theirs = Meeting.objects.filter(group__name="LSCP Executive").first()
        assert client.get(f"/meetings/{theirs.pk}/").status_code == 200
        assert client.get(f"/meetings/{not_theirs.pk}/").status_code == 403
        listing = client.get("/meetings/").content.decode()
        assert "LSCP Executive" not in listing


def test_the_leeds_annual_review_is_in_the_business_managers_work(demo, signed_in):
    page = signed_in(demo_user("leeds.business.manager")).get("/my-work/").content.decode()
    assert "Review the multi-agency safeguarding arrangements" in page


def test_public_arrangements_render_from_the_data(demo, client):
    page = client.get("/p/leicester/arrangements/").content.decode()
    assert "Alison Greenhill" in page and "Laurence Jones" in page
    assert "Rutland County Council" in page  # a relevant agency of the LSCP
    assert "also cover the Leicestershire and Rutland Safeguarding Children Partnership" in page
    assert client.get("/p/no-such-partnership/arrangements/").status_code == 404


def test_an_overlapping_chair_term_is_refused_on_the_page_and_nothing_saved(demo, signed_in):
    from safeguarding.partnership.models import Appointment, Person

    client = signed_in(demo_user("llr.business.manager"))
    before = Appointment.objects.count()
    kevin = Person.objects.get(full_name="Kevin Quinn")
    page = client.post("/partnerships/leicestershire-rutland/appointments/new/", {
        "person": kevin.pk, "office": "chair",
        "starts_on_0": "1", "starts_on_1": "10", "starts_on_2": "2026",
        "ends_on_0": "31", "ends_on_1": "3", "ends_on_2": "2027",
    }).content.decode()
    assert "There is a problem" in page
    assert "Henry Henderson is already partnership chair from 1 April 2026" in page
    assert Appointment.objects.count() == before


def test_a_meeting_outside_the_groups_dates_is_refused_on_the_page(demo, signed_in):
    import datetime

    from safeguarding.meetings.models import Meeting

    group = Group.objects.get(name="LLR Audit Group")
    Group.objects.filter(pk=group.pk).update(kind="task_and_finish",
                                             ends_on=datetime.date(2025, 3, 31))
    client = signed_in(demo_user("llr.business.manager"))
    before = Meeting.objects.count()
    page = client.post("/meetings/new/", {
        "group": group.pk, "day_0": "12", "day_1": "5", "day_2": "2026",
        "starts": "10:00", "ends": "12:00",
    }).content.decode()
    assert "There is a problem" in page
    assert "The group meets only between 1 September 2019 and 31 March 2025" in page
    assert Meeting.objects.count() == before
