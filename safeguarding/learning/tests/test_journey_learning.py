"""Training in a real browser, as the issue's "done when" describes it: a practitioner finds a
course in the public catalogue, registers, is refused a booking until she confirms her e-mail
address from the link we sent, then books the last place and gets a calendar invitation; a
second practitioner joins the waiting list; the first cancels, and the place goes to the second
at once (with her invitation); the trainer takes the register on the session's day; the second
practitioner evaluates the session and downloads her certificate. Every page is checked with
axe-core and must raise no console error and no Content-Security-Policy violation."""

from __future__ import annotations

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import PASSWORD, UserFactory
from safeguarding.learning.models import Booking, CompetencyLevel, Evaluation, Requirement
from safeguarding.learning.tests.factories import (
    BookingFactory,
    CourseFactory,
    LearnerFactory,
    SessionFactory,
)
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.testing.journey import checked, error_summary, heading, menu, sign_out, success

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Safeguarding children: working together"
NEW_PASSWORD = "Marmalade lighthouse tangent 42"


def sign_in(page, problems, email: str, password: str = PASSWORD) -> None:
    """A practitioner or trainer signs in with e-mail and password alone: their roles see no
    case record, so no two-factor code is asked for."""
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("My work")
    checked(page, problems)


def open_training(page, problems) -> None:
    menu(page).get_by_role("link", name="Training").click()
    expect(heading(page)).to_have_text("Your training")
    checked(page, problems)


def calendar_of(message) -> str:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return attachment[1].decode() if isinstance(attachment[1], bytes) else attachment[1]


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    health = AgencyFactory(name="Northshire Community Health NHS Trust",
                           partnerships=[partnership])
    AgencyFactory(name="Northshire Police", partnerships=[partnership])
    level = CompetencyLevel.objects.create(
        partnership=partnership, order=2, name="Level 2: working regularly with children",
        description="Practitioners who work regularly with children and families.")
    CompetencyLevel.objects.create(partnership=partnership, order=1,
                                   name="Level 1: everyone", description="All staff.")
    course = CourseFactory(partnership=partnership, title=COURSE, level=level,
                           summary="The core multi-agency course: how agencies work together "
                                   "to keep children safe.")
    CourseFactory(partnership=partnership, title="Child exploitation: a briefing",
                  kind="briefing", summary="Criminal and sexual exploitation of children.")
    Requirement.objects.create(level=level, course=course, refresh_months=36)
    trainer = UserFactory(email="tom.trainer@northshire.example", full_name="Tom Trainer")
    session = SessionFactory(course=course, capacity=2, trainer=trainer,
                             trainer_name="Tom Trainer")
    # One place is taken already: the practitioner books the last one.
    early = BookingFactory(session=session, learner=LearnerFactory(partnership=partnership,
                                                                   agency=health))
    waiting = LearnerFactory(partnership=partnership, agency=health, level=level,
                             user=UserFactory(email="wes.waiting@northshire.example",
                                              full_name="Wes Waiting"))
    return SimpleNamespace(partnership=partnership, health=health, level=level, course=course,
                           session=session, trainer=trainer, early=early, waiting=waiting)


def test_register_book_wait_cancel_offer_attend_evaluate_certificate(page, page_problems,
                                                                     world):
    problems = page_problems
    session = world.session

    # -- the public catalogue, without signing in -------------------------------------------------
    page.goto("/p/northshire/training/")
    expect(heading(page)).to_have_text("Multi-agency safeguarding training")
    expect(page.locator("main")).to_contain_text("2 courses")
    checked(page, problems)
    page.get_by_label("Search courses").fill("working together")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("1 course")
    expect(page.locator("main")).to_contain_text("1 place left")
    checked(page, problems)
    page.get_by_role("link", name=COURSE).click()
    expect(heading(page)).to_have_text(COURSE)
    expect(page.locator("main")).to_contain_text("1 of 2 left")
    checked(page, problems)

    # -- registering ------------------------------------------------------------------------------
    page.get_by_role("link", name="register").click()
    expect(heading(page)).to_have_text("Register to book training")
    checked(page, problems)
    page.get_by_role("button", name="Register").click()
    expect(error_summary(page)).to_contain_text("Enter your full name")
    checked(page, problems)
    page.get_by_label("Full name").fill("Priya Practitioner")
    page.get_by_label("Work email address").fill("priya@health.northshire.example")
    page.get_by_label("The agency you work for").select_option(label=world.health.name)
    page.get_by_label("Level 2: working regularly with children").check()
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(heading(page)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("priya@health.northshire.example")
    checked(page, problems)
    (verify,) = [m for m in mail.outbox if "Confirm your email" in m.subject]
    link = re.search(r"https?://\S+/training/confirm-email/\S+/", verify.body).group(0)

    # -- an address not yet confirmed cannot book -------------------------------------------------
    sign_in(page, problems, "priya@health.northshire.example", NEW_PASSWORD)
    page.goto(f"/training/sessions/{session.pk}/book/")
    expect(heading(page)).to_have_text("Book a place")
    checked(page, problems)
    page.get_by_role("button", name="Book a place").click()
    expect(error_summary(page)).to_contain_text(
        "Confirm your email address before you book")
    checked(page, problems)
    assert not Booking.objects.filter(learner__user__email="priya@health.northshire.example")

    # -- the link confirms it, and she books the last place ---------------------------------------
    page.goto("/training/" + link.split("/training/", 1)[1])  # the live server's own address
    expect(heading(page)).to_have_text("Email address confirmed")
    checked(page, problems)
    page.get_by_role("link", name="Find a course").click()
    page.get_by_role("link", name=COURSE).click()
    page.get_by_role("link", name=re.compile("^Book")).click()
    expect(heading(page)).to_have_text("Book a place")
    expect(page.locator("main")).to_contain_text("1 place left")
    checked(page, problems)
    page.get_by_role("button", name="Book a place").click()
    expect(success(page)).to_contain_text(f"Booked: {COURSE}")
    expect(heading(page)).to_have_text("Your training")
    expect(page.get_by_role("table").first).to_contain_text("Booked")
    checked(page, problems)
    (booked,) = [m for m in mail.outbox if m.subject.startswith("Booked:")]
    assert booked.to == ["priya@health.northshire.example"]
    assert "METHOD:REQUEST" in calendar_of(booked)
    # A second click is refused clearly, and nothing more is booked.
    page.goto(f"/training/sessions/{session.pk}/book/")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(error_summary(page)).to_contain_text(
        "You already have a place on this session")
    checked(page, problems)
    sign_out(page, problems)

    # -- the second practitioner joins the waiting list -------------------------------------------
    sign_in(page, problems, "wes.waiting@northshire.example")
    page.goto(f"/p/northshire/training/courses/{world.course.pk}/")
    expect(page.locator("main")).to_contain_text("Full")
    checked(page, problems)
    page.get_by_role("link", name=re.compile("^Join the waiting list")).click()
    expect(heading(page)).to_have_text("Join the waiting list")
    checked(page, problems)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(success(page)).to_contain_text("You are on the waiting list")
    expect(page.locator("main")).to_contain_text("On the waiting list")
    checked(page, problems)
    sign_out(page, problems)

    # -- the first cancels: the place goes to the second straight away ----------------------------
    sign_in(page, problems, "priya@health.northshire.example", NEW_PASSWORD)
    open_training(page, problems)
    page.get_by_role("link", name=re.compile(f"^Cancel.*{COURSE}")).click()
    expect(heading(page)).to_have_text("Cancel your booking")
    checked(page, problems)
    page.get_by_role("button", name="Cancel my booking").click()
    expect(success(page)).to_contain_text("Your booking is cancelled")
    expect(page.locator("main")).to_contain_text("Nothing booked")
    checked(page, problems)
    (cancelled,) = [m for m in mail.outbox if m.subject.startswith("Booking cancelled:")]
    assert "METHOD:CANCEL" in calendar_of(cancelled)
    (offered,) = [m for m in mail.outbox if m.subject.startswith("A place has come free")]
    assert offered.to == ["wes.waiting@northshire.example"]
    assert "METHOD:REQUEST" in calendar_of(offered)
    sign_out(page, problems)

    sign_in(page, problems, "wes.waiting@northshire.example")
    open_training(page, problems)
    expect(page.locator("main")).to_contain_text("Booked from the waiting list")
    sign_out(page, problems)

    # -- the session's day: the trainer takes the register ----------------------------------------
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2),
        bookings_close_at=now - datetime.timedelta(hours=25))
    sign_in(page, problems, world.trainer.email)
    open_training(page, problems)
    page.get_by_role("link", name=re.compile(f"^Register: {COURSE}")).click()
    expect(heading(page)).to_have_text("Register")
    checked(page, problems)
    page.get_by_role("button", name="Save the register").click()
    expect(error_summary(page)).to_contain_text("Mark whether Wes Waiting "
                                                                "attended")
    checked(page, problems)
    page.get_by_role("group", name=re.compile("^Wes Waiting")).get_by_label("Attended").check()
    page.get_by_role("group", name=re.compile(f"^{world.early.learner.user.full_name},")) \
        .get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save the register").click()
    expect(success(page)).to_contain_text("Register saved")
    checked(page, problems)
    statuses = dict(Booking.objects.filter(session=session).values_list(
        "learner__user__email", "status"))
    assert statuses["wes.waiting@northshire.example"] == Booking.Status.ATTENDED
    assert statuses[world.early.learner.user.email] == Booking.Status.NO_SHOW
    sign_out(page, problems)

    # -- evaluation, then the certificate ---------------------------------------------------------
    sign_in(page, problems, "wes.waiting@northshire.example")
    open_training(page, problems)
    page.get_by_role("link", name=re.compile(f"^Evaluate the session.*{COURSE}")).click()
    expect(heading(page)).to_have_text("Evaluate the session")
    checked(page, problems)
    page.get_by_role("button", name="Send the evaluation").click()
    expect(error_summary(page)).to_contain_text(
        "Select whether the learning outcomes were met")
    checked(page, problems)
    page.get_by_role("group", name="Were the course's learning outcomes met for you?") \
        .get_by_label("Fully").check()
    page.get_by_role("group", name="How confident were you in this area before the course?") \
        .get_by_label("2", exact=True).check()
    page.get_by_role("group", name="How confident are you now?").get_by_label(
        "5 – very confident").check()
    page.get_by_label("What will you do differently").fill("Ask the other agency first.")
    page.get_by_role("button", name="Send the evaluation").click()
    expect(success(page)).to_contain_text("Thank you for your evaluation")
    checked(page, problems)
    assert Evaluation.objects.get().confidence_after == 5
    expect(page.get_by_role("table", name="Minimum expected learning")).to_contain_text("Done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(f"^Download your certificate.*{COURSE}")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    from pypdf import PdfReader

    with open(download.path(), "rb") as pdf:
        text = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    assert "Wes Waiting" in text and COURSE in text and "Certificate of attendance" in text
    problems.assert_none()
    assert Role.PRACTITIONER  # the registered practitioner holds the role in her agency:
    priya = Booking.objects.filter(learner__user__email="priya@health.northshire.example").get()
    assert priya.status == Booking.Status.CANCELLED
    assert priya.learner.user.role_grants.filter(role=Role.PRACTITIONER,
                                                 agency=world.health).exists()
