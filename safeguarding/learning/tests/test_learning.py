"""Training: the rules, every write and its refusals, and the pages' wiring and query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.accounts.policy import Action, can
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import PASSWORD, UserFactory
from safeguarding.core.business_year import BusinessYear
from safeguarding.learning import rules, selectors, services
from safeguarding.learning.models import (
    Booking,
    Charge,
    CompetencyLevel,
    ElearningCompletion,
    Learner,
    Requirement,
    Session,
    TrainingSettings,
)
from safeguarding.learning.tests.factories import (
    BookingFactory,
    CourseFactory,
    LearnerFactory,
    SessionFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(partnership):
    return CourseFactory(partnership=partnership, title="Working together to safeguard children")


@pytest.fixture
def session(course):
    return SessionFactory(course=course, capacity=2)


@pytest.fixture
def learner(partnership, agency):
    return LearnerFactory(partnership=partnership, agency=agency)


def another(partnership, agency=None):
    return LearnerFactory(partnership=partnership, agency=agency)


def ics(message) -> str:
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def sent(subject_start: str):
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


# -- rules -----------------------------------------------------------------------------------------


class TestRules:
    def test_bookings_close_a_set_time_before_the_session(self, session):
        now = session.bookings_close_at - datetime.timedelta(minutes=1)
        assert rules.booking_refusal(session, now) is None
        later = session.bookings_close_at
        assert rules.booking_refusal(session, later).startswith("Bookings for this session closed")
        assert rules.booking_refusal(session, session.starts_at) == rules.SESSION_PAST

    @pytest.mark.parametrize(("last", "months", "state", "due"), [
        (None, 36, "not_done", None),
        (datetime.date(2020, 1, 10), None, "done", None),
        (datetime.date(2024, 1, 10), 36, "done", datetime.date(2027, 1, 10)),
        (datetime.date(2023, 8, 1), 36, "due_soon", datetime.date(2026, 8, 1)),
        (datetime.date(2023, 1, 10), 36, "overdue", datetime.date(2026, 1, 10)),
    ])
    def test_requirement_standing(self, last, months, state, due):
        requirement = Requirement(refresh_months=months)
        standing = rules.requirement_standing(requirement, last, datetime.date(2026, 6, 1))
        assert (standing.state, standing.due_on) == (state, due)

    @pytest.mark.parametrize(("month", "quarter"), [(4, 1), (6, 1), (7, 2), (12, 3), (1, 4),
                                                    (3, 4)])
    def test_quarters_of_the_business_year(self, month, quarter):
        assert rules.quarter_of(datetime.date(2026, month, 15)) == quarter


# -- registering -----------------------------------------------------------------------------------


class TestRegistering:
    def register(self, partnership, agency, **changes):
        data = dict(partnership=partnership, email="Pat@Nursery.example", full_name="Pat Lee",
                    password=PASSWORD, agency=agency)
        return services.learner_register(**{**data, **changes})

    def test_a_link_confirms_the_address_and_grants_the_practitioner_role(self, partnership,
                                                                          agency):
        learner = self.register(partnership, agency)
        assert not learner.is_verified
        assert learner.user.email == "pat@nursery.example"
        (message,) = mail.outbox
        token = message.body.split("/training/confirm-email/")[1].split("/")[0]
        learner = services.learner_verify(token)
        assert learner.is_verified
        grants = learner.user.role_grants.filter(role=Role.PRACTITIONER, agency=agency)
        assert grants.count() == 1
        services.learner_verify(token)  # following it twice changes nothing
        assert grants.count() == 1
        # A practitioner sees no case record, so needs no two-factor sign-in.
        assert not learner.user.needs_two_factor

    def test_another_organisation_gets_no_role(self, partnership):
        learner = self.register(partnership, None, other_agency="Tots Nursery")
        token = services.verification_token(learner)
        assert services.learner_verify(token).user.role_grants.count() == 0

    def test_refusals(self, partnership, agency):
        self.register(partnership, agency)
        with pytest.raises(ValidationError, match="already an account"):
            self.register(partnership, agency, email="pat@nursery.example")
        with pytest.raises(ValidationError, match="name of the organisation"):
            self.register(partnership, None, email="new@x.example", other_agency=" ")
        with pytest.raises(ValidationError, match="not valid or has expired"):
            services.learner_verify("made-up")
        assert Learner.objects.count() == 1

    def test_the_registration_page(self, client, partnership, agency):
        page = client.get(f"/p/{partnership.slug}/training/register/")
        assert page.status_code == 200
        response = client.post(f"/p/{partnership.slug}/training/register/", {
            "full_name": "Pat Lee", "email": "pat@nursery.example", "agency": "other",
            "other_agency": "", "password": "short"})
        assert response.status_code == 200
        text = response.content.decode()
        assert "Enter the name of the organisation you work for" in text
        assert "This password is too short" in text
        assert Learner.objects.count() == 0


# -- booking ---------------------------------------------------------------------------------------


class TestBooking:
    def test_books_then_fills_then_refuses_without_the_waiting_list(
            self, session, learner, partnership, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            first = services.booking_request(session=session, learner=learner, by=learner.user)
        assert first.status == Booking.Status.BOOKED
        assert first.agency == learner.agency
        (invitation,) = sent("Booked:")
        assert "METHOD:REQUEST" in ics(invitation)
        services.booking_request(session=session, learner=another(partnership), by=None)
        with pytest.raises(ValidationError) as refused:
            services.booking_request(session=session, learner=another(partnership), by=None)
        assert refused.value.messages == [rules.SESSION_FULL]
        waiting = services.booking_request(session=session, learner=another(partnership),
                                           by=None, waiting_ok=True)
        assert waiting.status == Booking.Status.WAITING

    @pytest.mark.parametrize(("change", "message"), [
        ({"starts_at": in_days(-1), "ends_at": in_days(-1, 12),
          "bookings_close_at": in_days(-2)}, rules.SESSION_PAST),
        ({"bookings_close_at": in_days(-1)}, "Bookings for this session closed"),
        ({"status": Session.Status.CANCELLED}, rules.SESSION_CANCELLED),
    ])
    def test_past_closed_or_cancelled_sessions_are_refused(self, session, learner, change,
                                                           message):
        Session.objects.filter(pk=session.pk).update(**change)
        session.refresh_from_db()
        with pytest.raises(ValidationError, match=message.split(":")[0]):
            services.booking_request(session=session, learner=learner, by=learner.user,
                                     waiting_ok=True)
        assert not Booking.objects.exists()

    def test_a_duplicate_and_an_unconfirmed_address_are_refused(self, session, learner,
                                                                 partnership):
        services.booking_request(session=session, learner=learner, by=learner.user)
        with pytest.raises(ValidationError, match=rules.ALREADY_BOOKED):
            services.booking_request(session=session, learner=learner, by=learner.user,
                                     waiting_ok=True)
        unconfirmed = LearnerFactory(partnership=partnership, email_verified_at=None)
        with pytest.raises(ValidationError, match="Confirm your email address"):
            services.booking_request(session=session, learner=unconfirmed,
                                     by=unconfirmed.user)
        assert session.bookings.count() == 1

    def test_a_cancellation_offers_the_place_to_the_first_waiting(
            self, session, partnership, django_capture_on_commit_callbacks):
        a, b, c, d = (another(partnership) for _ in range(4))
        with django_capture_on_commit_callbacks(execute=True):
            booked = services.booking_request(session=session, learner=a, by=a.user)
        services.booking_request(session=session, learner=b, by=b.user)
        first = services.booking_request(session=session, learner=c, by=c.user,
                                         waiting_ok=True)
        services.booking_request(session=session, learner=d, by=d.user, waiting_ok=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.booking_cancel(booking=booked, by=a.user)
        first.refresh_from_db()
        assert first.status == Booking.Status.BOOKED and first.offered_at
        assert session.bookings.filter(status=Booking.Status.WAITING).get().learner == d
        (cancelled,) = sent("Booking cancelled:")
        assert "METHOD:CANCEL" in ics(cancelled)
        (offer,) = sent("A place has come free")
        assert offer.to == [c.user.email]
        with pytest.raises(ValidationError, match=rules.NOT_LIVE):
            services.booking_cancel(booking=booked, by=a.user)

    def test_capacity_below_bookings_is_refused_and_more_places_go_to_the_waiting_list(
            self, session, partnership, manager):
        for learner in [another(partnership) for _ in range(2)]:
            services.booking_request(session=session, learner=learner, by=None)
        waiting = services.booking_request(session=session, learner=another(partnership),
                                           by=None, waiting_ok=True)
        with pytest.raises(ValidationError) as refused:
            services.session_update(session=session, by=manager, capacity=1)
        assert refused.value.message_dict == {
            "capacity": [rules.CAPACITY_BELOW_BOOKED.format(booked=2)]}
        session.refresh_from_db()
        assert session.capacity == 2
        services.session_update(session=session, by=manager, capacity=3)
        waiting.refresh_from_db()
        assert waiting.status == Booking.Status.BOOKED

    def test_moving_a_session_sends_an_update_and_cancelling_it_a_cancellation(
            self, session, learner, manager, django_capture_on_commit_callbacks):
        for write in (
            lambda: services.booking_request(session=session, learner=learner, by=learner.user),
            lambda: services.session_update(session=session, by=manager, venue="Town Hall"),
            lambda: services.session_update(session=session, by=manager, capacity=5),  # no mail
            lambda: services.session_cancel(session=session, by=manager),
        ):
            with django_capture_on_commit_callbacks(execute=True):
                write()
        assert [m.subject.split(":")[0] for m in mail.outbox] == [
            "Booked", "Changed", "Session cancelled"]
        changed = ics(mail.outbox[1])
        assert "SEQUENCE:1" in changed and "Town Hall" in changed
        assert "METHOD:CANCEL" in ics(mail.outbox[2])
        with pytest.raises(ValidationError, match=rules.SESSION_ALREADY_CANCELLED):
            services.session_cancel(session=session, by=manager)


# -- attendance, charges, evaluation, certificates -------------------------------------------------


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def held(session, partnership, agency):
    """A session that started an hour ago, with two people booked."""
    bookings = [BookingFactory(session=session, learner=another(partnership, agency))
                for _ in range(2)]
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1),
        bookings_close_at=now - datetime.timedelta(days=1))
    session.refresh_from_db()
    return bookings


class TestAttendance:
    def test_the_register_is_taken_once_the_session_has_started(self, session, partnership,
                                                                manager):
        booking = BookingFactory(session=session, learner=another(partnership))
        with pytest.raises(ValidationError, match=rules.TOO_EARLY_FOR_REGISTER):
            services.attendance_record(session=session, marks={booking.pk: True}, by=manager)

    def test_everyone_is_marked_and_a_no_show_is_charged_where_the_partnership_charges(
            self, session, held, manager, partnership, agency):
        TrainingSettings.objects.create(partnership=partnership, charges_for_non_attendance=True,
                                        non_attendance_charge=Decimal("50.00"))
        came, missed = held
        with pytest.raises(ValidationError, match="Mark whether"):
            services.attendance_record(session=session, marks={came.pk: True}, by=manager)
        stranger = BookingFactory(learner=another(partnership))
        with pytest.raises(ValidationError, match=rules.NOT_ON_REGISTER):
            services.attendance_record(session=session, marks={came.pk: True, missed.pk: False,
                                                               stranger.pk: True}, by=manager)
        assert not Booking.objects.filter(status=Booking.Status.ATTENDED).exists()
        services.attendance_record(session=session, marks={came.pk: True, missed.pk: False},
                                   by=manager)
        charge = Charge.objects.get()
        assert (charge.booking, charge.agency, charge.amount) == (missed, agency, Decimal("50"))
        # Corrected: they did come after all. The charge goes.
        services.attendance_record(session=session, marks={came.pk: True, missed.pk: True},
                                   by=manager)
        assert not Charge.objects.exists()

    def test_no_charge_where_the_partnership_does_not_charge(self, session, held, manager):
        services.attendance_record(session=session, marks={b.pk: False for b in held},
                                   by=manager)
        assert not Charge.objects.exists()

    def test_evaluation_only_after_attending_and_only_once(self, session, held, manager):
        came, missed = held
        services.attendance_record(session=session, marks={came.pk: True, missed.pk: False},
                                   by=manager)
        answers = dict(outcomes_met="fully", confidence_before=2, confidence_after=4)
        with pytest.raises(ValidationError, match="marked you as attended"):
            services.evaluation_submit(booking=missed, by=missed.learner.user, **answers)
        with pytest.raises(ValidationError, match="marked you as attended"):
            services.evaluation_submit(booking=came, by=missed.learner.user, **answers)
        services.evaluation_submit(booking=came, by=came.learner.user, **answers)
        with pytest.raises(ValidationError, match=rules.ALREADY_EVALUATED):
            services.evaluation_submit(booking=came, by=came.learner.user, **answers)
        results = selectors.evaluation_results(session.course)
        assert (results.responses, results.attended, results.confidence_change) == (1, 1, 2)

    def test_the_certificate_needs_the_evaluation_and_is_the_persons_own(
            self, session, held, manager, signed_in):
        came, missed = held
        services.attendance_record(session=session, marks={came.pk: True, missed.pk: False},
                                   by=manager)
        client = signed_in(came.learner.user)
        url = f"/training/bookings/{came.pk}/certificate.pdf"
        assert client.get(url).url == f"/training/bookings/{came.pk}/evaluate/"
        services.evaluation_submit(booking=came, by=came.learner.user, outcomes_met="mostly",
                                   confidence_before=3, confidence_after=4)
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")
        assert signed_in(missed.learner.user).get(url).status_code == 404

    def test_the_trainer_named_on_the_session_takes_its_register_and_no_one_else(
            self, session, held, signed_in, make_person):
        trainer, other = UserFactory(), UserFactory()
        Session.objects.filter(pk=session.pk).update(trainer=trainer)
        session.refresh_from_db()
        assert can(trainer, Action.MARK_ATTENDANCE, session)
        assert not can(trainer, Action.MANAGE_TRAINING, session)
        assert not can(other, Action.MARK_ATTENDANCE, session)
        assert not can(make_person(Role.PRACTITIONER, two_factor=False),
                       Action.MARK_ATTENDANCE, session)
        url = f"/training/sessions/{session.pk}/register/"
        assert signed_in(other).get(url).status_code == 403
        response = signed_in(trainer).post(url, {f"booking_{b.pk}": "yes" for b in held})
        assert response.status_code == 302
        assert Booking.objects.filter(status=Booking.Status.ATTENDED).count() == 2


# -- reminders -------------------------------------------------------------------------------------


def test_reminders_go_once_to_those_booked_on_sessions_starting_soon(session, partnership):
    soon = BookingFactory(session=SessionFactory(course=session.course,
                                                 starts_at=timezone.now()
                                                 + datetime.timedelta(days=1, hours=2)),
                          learner=another(partnership))
    BookingFactory(session=session, learner=another(partnership))  # a fortnight away
    now = timezone.now()
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now) == 0
    (reminder,) = mail.outbox
    assert reminder.to == [soon.learner.user.email]
    assert reminder.subject.startswith("Reminder:")


# -- the competency framework and e-learning -------------------------------------------------------


def csv_upload(text: str, name="lms-export.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


class TestCompetency:
    def test_e_learning_from_an_lms_export_counts_towards_the_record(self, partnership, agency,
                                                                      manager):
        level = CompetencyLevel.objects.create(partnership=partnership, name="Level 1",
                                               description="Everyone")
        elearning = CourseFactory(partnership=partnership, title="Safeguarding basics",
                                  format="elearning", elearning_url="https://lms.example/1")
        classroom = CourseFactory(partnership=partnership, title="Working together")
        Requirement.objects.create(level=level, course=elearning, refresh_months=36)
        Requirement.objects.create(level=level, course=classroom)
        learner = LearnerFactory(partnership=partnership, agency=agency, level=level)
        export = ("Email address,Course title,Date completed\n"
                  f"{learner.user.email.upper()},safeguarding basics,03/02/2026\n"
                  "nobody@x.example,Safeguarding basics,03/02/2026\n"
                  f"{learner.user.email},Unknown course,03/02/2026\n"
                  f"{learner.user.email},Safeguarding basics,not a date\n")
        record = services.lms_import(partnership=partnership, upload=csv_upload(export),
                                     by=manager, today=datetime.date(2026, 6, 1))
        assert (record.rows, record.matched, len(record.unmatched)) == (4, 1, 3)
        assert [row["row"] for row in record.unmatched] == [3, 4, 5]
        again = services.lms_import(partnership=partnership, upload=csv_upload(export),
                                    by=manager, today=datetime.date(2026, 6, 1))
        assert (again.matched, again.already_known) == (0, 1)
        assert ElearningCompletion.objects.count() == 1
        standing = {s.requirement.course.title: s.state for s in
                    selectors.competency_record(learner, datetime.date(2026, 6, 1))}
        assert standing == {"Safeguarding basics": "done", "Working together": "not_done"}

    def test_a_spreadsheet_without_the_columns_is_refused_whole(self, partnership, manager):
        with pytest.raises(ValidationError, match="missing: email"):
            services.lms_import(partnership=partnership, by=manager,
                                upload=csv_upload("Name,Course,Completed\nA,B,01/01/2026\n"))
        with pytest.raises(ValidationError, match="must be a"):
            services.lms_import(partnership=partnership, by=manager,
                                upload=SimpleUploadedFile("x.xlsx", b"MZ\x90\x00\x03"))
        assert not ElearningCompletion.objects.exists()

    def test_an_agency_lead_sees_their_own_staff_only(self, partnership, agency, make_person,
                                                      signed_in):
        from safeguarding.partnership.tests.factories import AgencyFactory

        elsewhere = AgencyFactory(partnerships=[partnership])
        ours = LearnerFactory(partnership=partnership, agency=agency)
        theirs = LearnerFactory(partnership=partnership, agency=elsewhere)
        lead = signed_in(make_person(Role.AGENCY_LEAD))
        page = lead.get("/training/staff/")
        assert page.status_code == 200
        assert ours.user.full_name in page.content.decode()
        assert theirs.user.full_name not in page.content.decode()
        assert lead.get(f"/training/staff/{ours.pk}/").status_code == 200
        assert lead.get(f"/training/staff/{theirs.pk}/").status_code == 403
        practitioner = make_person(Role.PRACTITIONER, two_factor=False)
        assert signed_in(practitioner).get("/training/staff/").status_code == 403


# -- pages -----------------------------------------------------------------------------------------


class TestPages:
    def test_the_catalogue_is_public_searchable_and_filterable(self, client, partnership,
                                                                session):
        CourseFactory(partnership=partnership, title="Child exploitation", kind="briefing",
                      format="online_live")
        CourseFactory(partnership=partnership, title="Hidden draft", is_published=False)
        url = f"/p/{partnership.slug}/training/"
        text = client.get(url).content.decode()
        assert "Working together" in text and "Child exploitation" in text
        assert "Hidden draft" not in text
        text = client.get(url, {"q": "exploitation"}).content.decode()
        assert "Child exploitation" in text and "Working together" not in text
        text = client.get(url, {"format": "in_person"}).content.decode()
        assert "Working together" in text and "Child exploitation" not in text
        page = client.get(f"/p/{partnership.slug}/training/courses/{session.course.pk}/")
        assert page.status_code == 200 and "2 of 2 left" in page.content.decode()

    def test_the_course_page_links_the_learning_from_reviews_it_teaches(self, client,
                                                                         partnership, course):
        from safeguarding.reviews.tests.factories import IncidentFactory

        incident = IncidentFactory(partnership=partnership)
        published = incident.learning_products.create(
            kind="learning_brief", title="Moving home with a baby", text="Text",
            published_on=datetime.date(2026, 1, 5))
        draft = incident.learning_products.create(kind="seven_minute", title="A draft brief",
                                                  text="Text")
        course.teaches.set([published, draft])
        text = client.get(course.get_public_url()).content.decode()
        assert "Moving home with a baby" in text and "A draft brief" not in text

    def test_list_pages_do_not_grow_their_query_count(self, client, partnership, agency,
                                                      manager, signed_in):
        level = CompetencyLevel.objects.create(partnership=partnership, name="Level 1",
                                               description="Everyone")
        manager_client = signed_in(manager)
        year = BusinessYear.of(timezone.localdate()).slug

        def count(n):
            for _ in range(n):
                course = CourseFactory(partnership=partnership)
                Requirement.objects.create(level=level, course=course, refresh_months=12)
                session = SessionFactory(course=course)
                BookingFactory(session=session, learner=LearnerFactory(
                    partnership=partnership, agency=agency, level=level))
            counts = []
            for url, who in ((f"/p/{partnership.slug}/training/", client),
                             ("/training/staff/", manager_client),
                             ("/training/manage/", manager_client),
                             (f"/partnerships/{partnership.slug}/training/report/{year}/",
                              manager_client),
                             (f"/partnerships/{partnership.slug}/training/charges/{year}/",
                              manager_client)):
                with CaptureQueriesContext(connection) as queries:
                    assert who.get(url).status_code == 200, url
                counts.append(len(queries))
            return counts

        assert count(3) == count(27)

    def test_the_report_and_invoices_count_and_export(self, session, held, manager, partnership,
                                                      signed_in):
        TrainingSettings.objects.create(partnership=partnership, charges_for_non_attendance=True,
                                        non_attendance_charge=Decimal("40"))
        came, missed = held
        services.attendance_record(session=session, marks={came.pk: True, missed.pk: False},
                                   by=manager)
        year = BusinessYear.of(timezone.localdate())
        report = selectors.training_report(partnership, year)
        assert (report.total.offered, report.total.booked, report.total.attended,
                report.total.no_show, report.total.fill_rate, report.total.no_show_rate) == (
            2, 2, 1, 1, 100.0, 50.0)
        (invoice,) = selectors.invoices(partnership, year)
        assert invoice.total == Decimal("40")
        client = signed_in(manager)
        for url in (f"/partnerships/{partnership.slug}/training/report/{year.slug}.xlsx",
                    f"/partnerships/{partnership.slug}/training/charges/{year.slug}.xlsx"):
            response = client.get(url)
            assert response.status_code == 200
            assert response.content.startswith(b"PK")

    def test_the_business_unit_runs_the_catalogue_through_its_pages(self, partnership, manager,
                                                                    signed_in):
        client = signed_in(manager)
        response = client.post(f"/partnerships/{partnership.slug}/training/courses/new/", {
            "title": "Safer recruitment", "kind": "specialist", "summary": "Recruiting safely.",
            "audience": "Managers who recruit", "learning_outcomes": "Check references",
            "duration_minutes": "180", "format": "in_person", "is_published": "on"})
        assert response.status_code == 302, response.content.decode()[:3000]
        course = partnership.courses.get()
        day = timezone.localdate() + datetime.timedelta(days=30)
        data = {"day_0": day.day, "day_1": day.month, "day_2": day.year, "starts": "09:30",
                "ends": "09:00", "venue": "", "trainer_name": "Sam", "capacity": "0"}
        response = client.post(f"/training/manage/courses/{course.pk}/sessions/new/", data)
        text = response.content.decode()
        for message in (rules.ENDS_BEFORE_START, rules.ENTER_VENUE_OR_LINK,
                        "A session needs at least 1 place"):
            assert message in text
        data.update(ends="12:30", venue="Civic Hall", capacity="15")
        response = client.post(f"/training/manage/courses/{course.pk}/sessions/new/", data)
        assert response.status_code == 302
        session = course.sessions.get()
        assert session.bookings_close_at == session.starts_at - datetime.timedelta(hours=24)

    def test_signed_in_accounts_without_details_give_them_before_booking(self, partnership,
                                                                         agency, session,
                                                                         make_person, signed_in):
        lead = make_person(Role.AGENCY_LEAD)
        client = signed_in(lead)
        response = client.get(f"/training/sessions/{session.pk}/book/")
        assert response.url.startswith(f"/p/{partnership.slug}/training/your-details/")
        client.post(f"/p/{partnership.slug}/training/your-details/", {"agency": agency.pk})
        assert lead.learner.is_verified  # an account the partnership made
        client.post(f"/training/sessions/{session.pk}/book/", {"book": ""})
        assert session.bookings.get().learner.user == lead


def test_every_page_of_running_the_training_opens_for_the_business_unit(
        partnership, session, manager, signed_in):
    from safeguarding.learning.tests.factories import LmsImportFactory

    learner = LearnerFactory(partnership=partnership)
    BookingFactory(session=session, learner=learner)
    imported = LmsImportFactory(partnership=partnership, unmatched=[
        {"row": 2, "email": "x@y.example", "course": "C", "reason": "No practitioner"}])
    client, course, slug = signed_in(manager), session.course, partnership.slug
    year = BusinessYear.of(timezone.localdate()).slug
    for url in ("/training/", "/training/manage/", f"/training/manage/courses/{course.pk}/",
                f"/training/manage/courses/{course.pk}/edit/",
                f"/training/manage/courses/{course.pk}/sessions/new/",
                f"/training/manage/courses/{course.pk}/evaluations/",
                f"/training/manage/sessions/{session.pk}/",
                f"/training/manage/sessions/{session.pk}/edit/",
                f"/training/manage/sessions/{session.pk}/cancel/",
                f"/training/sessions/{session.pk}/register/", "/training/staff/",
                f"/training/staff/{learner.pk}/", f"/training/imports/{imported.pk}/",
                f"/partnerships/{slug}/training/courses/new/",
                f"/partnerships/{slug}/training/framework/",
                f"/partnerships/{slug}/training/framework/levels/new/",
                f"/partnerships/{slug}/training/framework/requirements/new/",
                f"/partnerships/{slug}/training/settings/",
                f"/partnerships/{slug}/training/imports/new/",
                f"/partnerships/{slug}/training/charges/{year}/",
                f"/partnerships/{slug}/training/report/{year}/"):
        assert client.get(url).status_code == 200, url
    response = client.post(f"/partnerships/{slug}/training/settings/", {
        "bookings_close_hours": "48", "reminder_days": "3",
        "charges_for_non_attendance": "on", "non_attendance_charge": "35.00"})
    assert response.status_code == 302
    assert TrainingSettings.objects.get(partnership=partnership).bookings_close_hours == 48
