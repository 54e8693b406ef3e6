"""Every write about training: each all or nothing, each refusing bad input with a clear message.

Places are counted under a row lock on the session (`select_for_update`), so however many people
ask for the last places at once, no more are booked than the session holds (tested on
PostgreSQL with real concurrent connections)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.accounts.roles import Role
from safeguarding.accounts.services import grant_role, user_create
from safeguarding.learning import rules
from safeguarding.learning.models import (
    Booking,
    Charge,
    CompetencyLevel,
    Course,
    ElearningCompletion,
    Evaluation,
    Format,
    Learner,
    LmsImport,
    Requirement,
    Session,
    TrainingSettings,
)
from safeguarding.learning.selectors import training_settings

VERIFY_SALT = "learning.verify-email"
VERIFY_DAYS = 7


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# -- practitioners ---------------------------------------------------------------------------------


def learner_register(*, partnership, email: str, full_name: str, password: str, job_title="",
                     agency=None, other_agency="", level=None) -> Learner:
    """A practitioner's own account: signed in by e-mail and password, booking once they have
    followed the link sent to that address."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": rules.EMAIL_TAKEN})
    if agency is None and not other_agency.strip():
        raise ValidationError({"other_agency": rules.ENTER_OTHER_AGENCY})
    with transaction.atomic():
        user = user_create(email=email, full_name=full_name.strip(), password=password,
                           job_title=job_title.strip())
        learner = Learner.objects.create(user=user, partnership=partnership, agency=agency,
                                         other_agency="" if agency else other_agency.strip(),
                                         level=level)
    verification_send(learner)
    return learner


def verification_token(learner: Learner) -> str:
    return signing.dumps({"learner": learner.pk, "email": learner.user.email}, salt=VERIFY_SALT)


def verification_send(learner: Learner) -> None:
    link = _link(reverse("learning:verify", args=[verification_token(learner)]))
    context = {"learner": learner, "link": link, "days": VERIFY_DAYS}
    send_mail(subject="Confirm your email address to book training",
              message=render_to_string("learning/email/verify.txt", context),
              from_email=None, recipient_list=[learner.user.email])


def learner_verify(token: str) -> Learner:
    """Confirm the address the link was sent to. The practitioner then holds the practitioner
    role in their agency (none for another organisation). Following the link twice is fine."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=timedelta(days=VERIFY_DAYS))
    except signing.BadSignature:
        raise ValidationError(rules.LINK_NOT_VALID) from None
    learner = Learner.objects.select_related("user", "agency").filter(pk=data["learner"]).first()
    if learner is None or learner.user.email != data["email"]:
        raise ValidationError(rules.LINK_NOT_VALID)
    with transaction.atomic():
        if Learner.objects.filter(pk=learner.pk, email_verified_at__isnull=True).update(
                email_verified_at=timezone.now()) and learner.agency_id:
            today = timezone.localdate()
            if not learner.user.role_grants.current(today).filter(
                    role=Role.PRACTITIONER, agency=learner.agency).exists():
                grant_role(user=learner.user, role=Role.PRACTITIONER, agency=learner.agency,
                           starts_on=today)
    learner.refresh_from_db()
    return learner


def learner_profile_save(*, user, partnership, agency=None, other_agency="",
                         level=None) -> Learner:
    """The training details of someone who signs in already. An account without them was made
    by the partnership (self-registration always makes them), for the address it signs in
    with: that address counts as confirmed."""
    if agency is None and not other_agency.strip():
        raise ValidationError({"other_agency": rules.ENTER_OTHER_AGENCY})
    details = {"partnership": partnership, "agency": agency,
               "other_agency": "" if agency else other_agency.strip(), "level": level}
    learner = Learner.objects.filter(user=user).first()
    if learner is None:
        return Learner.objects.create(user=user, email_verified_at=timezone.now(), **details)
    for name, value in details.items():
        setattr(learner, name, value)
    learner.save()
    return learner


# -- the catalogue ---------------------------------------------------------------------------------


def course_save(*, partnership, by, course: Course | None = None, teaches=(), **fields) -> Course:
    if fields.get("format") == Format.ELEARNING and not fields.get("elearning_url"):
        raise ValidationError({"elearning_url": rules.ENTER_ELEARNING_URL})
    course = course or Course(partnership=partnership)
    for name, value in fields.items():
        setattr(course, name, value)
    course._history_user = by
    course.full_clean()
    with transaction.atomic():
        course.save()
        course.teaches.set(teaches)
    return course


def session_create(*, course: Course, by, starts_at: datetime, ends_at: datetime, capacity: int,
                   trainer_name: str, trainer=None, venue="", online_link="",
                   bookings_close_at: datetime | None = None, is_demo=False) -> Session:
    if course.format == Format.ELEARNING:
        raise ValidationError(rules.COURSE_IS_ELEARNING)
    close = bookings_close_at or rules.bookings_close_at(
        starts_at, training_settings(course.partnership).bookings_close_hours)
    session = Session(course=course, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
                      trainer_name=trainer_name.strip(), trainer=trainer, venue=venue.strip(),
                      online_link=online_link.strip(), bookings_close_at=close, is_demo=is_demo)
    _check_session(session)
    session._history_user = by
    session.full_clean()
    session.save()
    return session


def _check_session(session: Session) -> None:
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": rules.ENDS_BEFORE_START})
    if session.bookings_close_at > session.starts_at:
        raise ValidationError({"bookings_close_at": rules.CLOSES_AFTER_START})
    if not (session.venue or session.online_link):
        raise ValidationError({"venue": rules.ENTER_VENUE_OR_LINK})


MOVES_THE_DIARY = {"starts_at", "ends_at", "venue", "online_link"}


def session_update(*, session: Session, by, now: datetime | None = None, **changes) -> Session:
    """Change a session. Fewer places than are already booked is refused; more places go to the
    waiting list at once; a new time or place sends everyone booked an updated invitation."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        booked = locked.bookings.filter(status__in=Booking.TAKES_A_PLACE).count()
        capacity = changes.get("capacity", locked.capacity)
        if capacity < booked:
            raise ValidationError({"capacity": rules.CAPACITY_BELOW_BOOKED.format(booked=booked)})
        moved = {name for name, value in changes.items()
                 if name in MOVES_THE_DIARY and getattr(locked, name) != value}
        for name, value in changes.items():
            setattr(locked, name, value)
        _check_session(locked)
        if moved:
            locked.ics_sequence += 1
        locked._history_user = by
        locked.full_clean()
        locked.save()
        if moved:
            live = list(locked.bookings.filter(status=Booking.Status.BOOKED)
                        .values_list("pk", flat=True))
            Booking.objects.filter(pk__in=live).update(ics_sequence=F("ics_sequence") + 1)
            _invite_on_commit(live)
        _fill_places(locked, now)
    return locked


def session_cancel(*, session: Session, by, now: datetime | None = None) -> Session:
    """Call a session off: everyone booked is sent a cancellation for their calendar; the
    waiting list is cleared."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == Session.Status.CANCELLED:
            raise ValidationError(rules.SESSION_ALREADY_CANCELLED)
        locked.status = Session.Status.CANCELLED
        locked.ics_sequence += 1
        locked._history_user = by
        locked.save()
        booked = list(locked.bookings.filter(status=Booking.Status.BOOKED)
                      .values_list("pk", flat=True))
        Booking.objects.filter(pk__in=booked).update(
            status=Booking.Status.CANCELLED, cancelled_at=now,
            ics_sequence=F("ics_sequence") + 1)
        locked.bookings.filter(status=Booking.Status.WAITING).update(
            status=Booking.Status.CANCELLED, cancelled_at=now)
        _invite_on_commit(booked)
    return locked


# -- bookings --------------------------------------------------------------------------------------


def booking_request(*, session: Session, learner: Learner, by, waiting_ok: bool = False,
                    now: datetime | None = None) -> Booking:
    """A place on the session, or (when it is full and `waiting_ok`) a place on its waiting
    list. Refused for an unconfirmed e-mail address, a session past, closed or cancelled, and a
    second booking of the same session."""
    now = now or timezone.now()
    if not learner.is_verified:
        raise ValidationError(rules.EMAIL_NOT_VERIFIED.format(email=learner.user.email))
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
        if locked.course.format == Format.ELEARNING:
            raise ValidationError(rules.ELEARNING_NOT_BOOKED)
        refusal = rules.booking_refusal(locked, now)
        if refusal:
            raise ValidationError(refusal)
        existing = locked.bookings.filter(learner=learner).exclude(
            status=Booking.Status.CANCELLED).first()
        if existing is not None:
            raise ValidationError(rules.ALREADY_WAITING if existing.status ==
                                  Booking.Status.WAITING else rules.ALREADY_BOOKED)
        taken = locked.bookings.filter(status__in=Booking.TAKES_A_PLACE).count()
        queue = locked.bookings.filter(status=Booking.Status.WAITING).exists()
        has_place = taken < locked.capacity and not queue
        if not has_place and not waiting_ok:
            raise ValidationError(rules.SESSION_FULL)
        booking = Booking(session=locked, learner=learner, agency=learner.agency,
                          requested_at=now, status=Booking.Status.BOOKED if has_place
                          else Booking.Status.WAITING)
        booking._history_user = by
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:  # the same person's second click, a moment later
            raise ValidationError(rules.ALREADY_BOOKED) from None
        if booking.status == Booking.Status.BOOKED:
            _invite_on_commit([booking.pk])
    return booking


def booking_cancel(*, booking: Booking, by, now: datetime | None = None) -> Booking:
    """Give up a place (or leave the waiting list). A place given up goes to the next person on
    the waiting list straight away, with an invitation for their calendar."""
    now = now or timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=booking.session_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not booking.is_live:
            raise ValidationError(rules.NOT_LIVE)
        if session.starts_at <= now:
            raise ValidationError(rules.CANNOT_CANCEL_PAST)
        had_place = booking.status == Booking.Status.BOOKED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        if had_place:
            booking.ics_sequence += 1
        booking._history_user = by
        booking.save()
        if had_place:
            _invite_on_commit([booking.pk])
            _fill_places(session, now)
    return booking


def _fill_places(session: Session, now: datetime) -> list[int]:
    """Offer free places to the waiting list, first come first served (the session is locked
    by the caller)."""
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return []
    taken = session.bookings.filter(status__in=Booking.TAKES_A_PLACE).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    offered = list(session.bookings.filter(status=Booking.Status.WAITING)
                   .order_by("requested_at", "id").values_list("pk", flat=True)[:free])
    Booking.objects.filter(pk__in=offered).update(status=Booking.Status.BOOKED, offered_at=now)
    _invite_on_commit(offered)
    return offered


def _invite_on_commit(booking_ids) -> None:
    from safeguarding.learning.tasks import send_booking_invitation

    for pk in booking_ids:
        transaction.on_commit(lambda pk=pk: send_booking_invitation.enqueue(pk))


def invitation_send(booking: Booking) -> None:
    """E-mail the practitioner their booking as a calendar entry: a new place, a place come free
    from the waiting list, a change, or a cancellation."""
    from django.core.mail import EmailMessage

    from safeguarding.core.ics import ics_of
    from safeguarding.learning.calendar import booking_entry

    entry = booking_entry(booking)
    session = booking.session
    if booking.status == Booking.Status.CANCELLED:
        kind = "session_cancelled" if session.status == Session.Status.CANCELLED else "cancelled"
    elif booking.invited_sequence is not None:
        kind = "changed"
    elif booking.offered_at is not None:
        kind = "offered"
    else:
        kind = "booked"
    context = {"booking": booking, "session": session, "course": session.course, "kind": kind,
               "link": _link(reverse("learning:my-training"))}
    message = EmailMessage(
        subject=render_to_string("learning/email/booking_subject.txt", context).strip(),
        body=render_to_string("learning/email/booking.txt", context),
        to=[booking.learner.user.email])
    message.attach("training.ics", ics_of(entry), entry.content_type)
    message.send()


# -- attendance, evaluation ------------------------------------------------------------------------


def attendance_record(*, session: Session, marks: dict[int, bool], by,
                      now: datetime | None = None) -> list[Booking]:
    """The register: each booked person attended or did not. Everyone booked must be marked.
    A place booked and not attended is charged to the agency where the partnership charges."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(rules.REGISTER_CANCELLED)
    if now < session.starts_at:
        raise ValidationError(rules.TOO_EARLY_FOR_REGISTER)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("course__partnership") \
            .get(pk=session.pk)
        bookings = {b.pk: b for b in locked.bookings.filter(status__in=Booking.TAKES_A_PLACE)
                    .select_related("learner__user")}
        if set(marks) - set(bookings):
            raise ValidationError(rules.NOT_ON_REGISTER)
        for pk, booking in bookings.items():
            if pk not in marks:
                raise ValidationError(rules.MARK_EVERYONE.format(name=booking.learner))
        rule = training_settings(locked.course.partnership)
        for pk, attended in marks.items():
            booking = bookings[pk]
            booking.status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
            booking.attendance_marked_at, booking.attendance_marked_by = now, by
            booking._history_user = by
            booking.save()
            non_attendance_charge(booking, locked, rule, attended)
    return list(bookings.values())


def non_attendance_charge(booking: Booking, session: Session, rule: TrainingSettings,
                          attended: bool) -> None:
    """Charge the agency for a place booked and not attended, where the partnership charges;
    remove the charge if the register is corrected to attended."""
    charged = (not attended and rule.charges_for_non_attendance and booking.agency_id
               and rule.non_attendance_charge > 0)
    if charged:
        Charge.objects.get_or_create(booking=booking, defaults={
            "agency_id": booking.agency_id, "amount": rule.non_attendance_charge,
            "session_date": timezone.localtime(session.starts_at).date()})
    else:
        Charge.objects.filter(booking=booking).delete()


def evaluation_submit(*, booking: Booking, by, outcomes_met: str, confidence_before: int,
                      confidence_after: int, will_change: str = "") -> Evaluation:
    booking = Booking.objects.select_related("learner").get(pk=booking.pk)
    if booking.learner.user_id != by.pk or booking.status != Booking.Status.ATTENDED:
        raise ValidationError(rules.EVALUATE_ONLY_ATTENDED)
    evaluation = Evaluation(booking=booking, outcomes_met=outcomes_met,
                            confidence_before=confidence_before,
                            confidence_after=confidence_after, will_change=will_change.strip())
    evaluation.full_clean(exclude=["booking"])
    if Evaluation.objects.filter(booking=booking).exists():
        raise ValidationError(rules.ALREADY_EVALUATED)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError(rules.ALREADY_EVALUATED) from None
    return evaluation


# -- the competency framework ----------------------------------------------------------------------


def level_add(*, partnership, name: str, description: str, by) -> CompetencyLevel:
    last = CompetencyLevel.objects.filter(partnership=partnership).order_by("-order").first()
    level = CompetencyLevel(partnership=partnership, name=name.strip(),
                            description=description.strip(), order=(last.order + 1) if last else 1)
    level.full_clean()
    level.save()
    return level


def requirement_add(*, level: CompetencyLevel, course: Course, refresh_months, by) -> Requirement:
    requirement = Requirement(level=level, course=course, refresh_months=refresh_months)
    requirement.full_clean()
    requirement.save()
    return requirement


# -- e-learning completions from an LMS export -----------------------------------------------------

COLUMNS = {
    "email": ("email", "email address", "e-mail", "learner email", "user email"),
    "course": ("course", "course title", "course name", "module", "title"),
    "completed": ("completed", "completed on", "completion date", "date completed"),
}
MISSING_COLUMNS = ("The spreadsheet must have a heading row with columns for the email address, "
                   "the course and the date completed (missing: {missing})")
NO_ROWS = "The spreadsheet has no completions below its heading row"
UNREADABLE_SHEET = ("The spreadsheet could not be read: save it as Excel (.xlsx) or as CSV "
                    "(UTF-8) and try again")


def lms_import(*, partnership, upload, by, today: date | None = None) -> LmsImport:
    """Read an LMS export (Excel or CSV): each row an e-learning completion, matched to a
    practitioner by e-mail address and to a course by title. Rows that match nothing are listed
    on the import, not saved; a completion already known is not counted twice."""
    from safeguarding.core.files import CSV, EXCEL, validate_upload

    today = today or timezone.localdate()
    kind = validate_upload(upload, (EXCEL, CSV))
    header, rows = _read_sheet(upload, kind is EXCEL)
    where = {key: next((i for i, name in enumerate(header) if name in names), None)
             for key, names in COLUMNS.items()}
    missing = [key for key, index in where.items() if index is None]
    if missing:
        raise ValidationError(MISSING_COLUMNS.format(missing=", ".join(missing)))
    if not rows:
        raise ValidationError(NO_ROWS)
    learners = {learner.user.email.lower(): learner for learner in
                Learner.objects.filter(partnership=partnership).select_related("user")}
    courses = {course.title.strip().lower(): course
               for course in Course.objects.filter(partnership=partnership)}
    found, unmatched = [], []
    for number, row in enumerate(rows, start=2):
        cell = {key: row[index] if index < len(row) else None for key, index in where.items()}
        email = str(cell["email"] or "").strip().lower()
        title = str(cell["course"] or "").strip()
        completed = _as_date(cell["completed"])
        reason = (("No practitioner registered with this email address" if email not in learners
                   else "")
                  or ("No course of this title in the catalogue"
                      if title.lower() not in courses else "")
                  or ("The completion date is missing or not a date" if completed is None
                      else "")
                  or ("The completion date is in the future" if completed > today else ""))
        if reason:
            unmatched.append({"row": number, "email": email, "course": title, "reason": reason})
        else:
            found.append((learners[email], courses[title.lower()], completed))
    with transaction.atomic():
        record = LmsImport.objects.create(partnership=partnership, uploaded_by=by,
                                          file_name=upload.name[:255], rows=len(rows),
                                          unmatched=unmatched)
        new = 0
        for learner, course, completed in found:
            _, created = ElearningCompletion.objects.get_or_create(
                learner=learner, course=course, completed_on=completed,
                defaults={"source": record})
            new += created
        record.matched, record.already_known = new, len(found) - new
        record.save(update_fields=["matched", "already_known"])
    return record


def _read_sheet(upload, is_excel: bool) -> tuple[list[str], list[list]]:
    import csv
    import io

    try:
        if is_excel:
            from openpyxl import load_workbook

            book = load_workbook(upload, read_only=True, data_only=True)
            values = [list(row) for row in book.active.iter_rows(values_only=True)]
        else:
            text = upload.read().decode("utf-8-sig")
            values = [list(row) for row in csv.reader(io.StringIO(text))]
    except (csv.Error, UnicodeDecodeError, ValueError, KeyError, OSError):
        # A cell too long, a stray line break, a broken workbook: a message, not a crash.
        raise ValidationError(UNREADABLE_SHEET) from None
    values = [row for row in values if any(v not in (None, "") for v in row)]
    if not values:
        return [], []
    header = [str(v or "").strip().lower() for v in values[0]]
    return header, values[1:]


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# -- reminders -------------------------------------------------------------------------------------


def reminders_send(*, now: datetime) -> int:
    """E-mail everyone booked on a session starting within their partnership's reminder period
    (two days unless it says otherwise). Safe to run again or retry: each booking is reminded
    once (the claim on `reminded_at` is one conditional UPDATE)."""
    longest = max([2, *TrainingSettings.objects.values_list("reminder_days", flat=True)])
    due = (Booking.objects.filter(status=Booking.Status.BOOKED, reminded_at__isnull=True,
                                  session__status=Session.Status.SCHEDULED,
                                  session__starts_at__gt=now,
                                  session__starts_at__lte=now + timedelta(days=longest))
           .select_related("session__course__partnership", "learner__user"))
    days = dict(TrainingSettings.objects.values_list("partnership_id", "reminder_days"))
    sent = 0
    for booking in due:
        window = timedelta(days=days.get(booking.session.course.partnership_id, 2))
        if booking.session.starts_at > now + window:
            continue
        if not Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now):
            continue  # another worker claimed it
        context = {"booking": booking, "session": booking.session,
                   "course": booking.session.course,
                   "link": _link(reverse("learning:my-training"))}
        send_mail(subject=f"Reminder: {booking.session.course.title}, "
                          f"{rules.when(booking.session.starts_at)}",
                  message=render_to_string("learning/email/reminder.txt", context),
                  from_email=None, recipient_list=[booking.learner.user.email])
        sent += 1
    return sent
