"""Every view of a case record is logged; refused attempts too; nobody can edit the log."""

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.core.models import AccessEvent
from safeguarding.core.tests.casework import SampleCaseFactory

pytestmark = pytest.mark.django_db


def test_viewing_a_case_is_logged_with_who_what_and_from_where(make_person, signed_in,
                                                               partnership):
    manager = make_person(Role.BUSINESS_MANAGER)
    case = SampleCaseFactory(partnership=partnership, members=[manager], reference="NSCP-7")
    client = signed_in(manager)
    response = client.get(f"/test-cases/{case.pk}/", HTTP_REFERER="http://testserver/test-cases/")
    assert response.status_code == 200
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.VIEW)
    assert event.user == manager
    assert event.user_email == manager.email
    assert event.record_label == "NSCP-7 (Child A)"
    assert event.path == f"/test-cases/{case.pk}/"
    assert event.page == "http://testserver/test-cases/"


def test_a_tampered_url_to_someone_elses_case_is_refused_and_logged(make_person, signed_in,
                                                                     partnership):
    outsider = make_person(Role.BUSINESS_OFFICER)
    case = SampleCaseFactory(partnership=partnership)
    response = signed_in(outsider).get(f"/test-cases/{case.pk}/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    assert case.reference not in response.content.decode()
    denied = AccessEvent.objects.get(kind=AccessEvent.Kind.DENIED)
    assert denied.user == outsider
    assert denied.object_id == str(case.pk)
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEW).exists()


def test_a_case_that_does_not_exist_is_not_found(make_person, signed_in):
    response = signed_in(make_person(Role.BUSINESS_MANAGER)).get("/test-cases/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_lists_show_only_what_the_detail_page_would_show(make_person, signed_in, partnership):
    manager = make_person(Role.BUSINESS_MANAGER)
    visible = SampleCaseFactory(partnership=partnership, members=[manager], reference="SEEN-1")
    SampleCaseFactory(partnership=partnership, reference="HIDDEN-1")
    page = signed_in(manager).get("/test-cases/").content.decode()
    assert visible.reference in page
    assert "HIDDEN-1" not in page


def test_the_log_cannot_be_changed(make_person, signed_in, partnership):
    event = AccessEvent.objects.create(kind=AccessEvent.Kind.VIEW, user_email="a@b.example")
    event.detail = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AccessEvent.objects.all().update(detail="changed")
    with pytest.raises(ValidationError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get().detail == ""


def test_the_database_itself_refuses_changes_to_the_log():
    from django.db import DatabaseError, connection, transaction

    AccessEvent.objects.create(kind=AccessEvent.Kind.VIEW, user_email="a@b.example")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent._base_manager.update(detail="changed")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessEvent._base_manager.all()._raw_delete(AccessEvent.objects.db)
    assert AccessEvent.objects.get().detail == ""


class TestSearch:
    def test_business_manager_searches_the_log(self, make_person, signed_in, partnership):
        manager = make_person(Role.BUSINESS_MANAGER)
        officer = make_person(Role.BUSINESS_OFFICER)
        case = SampleCaseFactory(partnership=partnership, members=[officer], reference="NSCP-42")
        signed_in(officer).get(f"/test-cases/{case.pk}/")
        client = signed_in(manager)
        page = client.get("/access-log/", {"record": "NSCP-42"}).content.decode()
        assert "NSCP-42 (Child A)" in page
        assert officer.email in page
        assert "1 event" in page
        none = client.get("/access-log/", {"record": "NSCP-999"}).content.decode()
        assert "No events match" in none

    def test_events_of_another_partnerships_people_are_not_shown(
        self, make_person, signed_in, partnership, other_partnership
    ):
        manager = make_person(Role.BUSINESS_MANAGER)
        stranger = make_person(Role.BUSINESS_MANAGER, where=other_partnership)
        case = SampleCaseFactory(partnership=other_partnership, members=[stranger],
                                 reference="SSCP-1")
        signed_in(stranger).get(f"/test-cases/{case.pk}/")
        page = signed_in(manager).get("/access-log/").content.decode()
        assert "SSCP-1" not in page

    def test_a_backwards_date_range_is_explained(self, make_person, signed_in):
        page = signed_in(make_person(Role.BUSINESS_MANAGER)).get(
            "/access-log/", {"since": "2026-05-01", "until": "2026-04-01"}
        ).content.decode()
        assert "There is a problem" in page
        assert "must be the same as or after" in page

    @pytest.mark.parametrize("role", [Role.BUSINESS_OFFICER, Role.INDEPENDENT_SCRUTINEER,
                                      Role.AGENCY_LEAD])
    def test_other_roles_cannot_read_the_log(self, make_person, signed_in, role):
        person = make_person(role)
        response = signed_in(person).get("/access-log/")
        assert response.status_code == 403
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=person).exists()


def test_the_error_page_says_nothing_was_saved_and_shows_no_detail():
    from django.test import RequestFactory

    from safeguarding.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Traceback" not in page
