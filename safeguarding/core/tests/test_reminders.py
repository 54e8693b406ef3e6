"""Deadline reminders: before and on the due date, to the right people, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Reminder
from safeguarding.core.services import deadline_start, reminders_send
from safeguarding.core.tasks import send_deadline_reminders
from safeguarding.core.tests.casework import SampleCaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date
SITE = "https://safeguarding.example.org"


@pytest.fixture
def case_with_deadline(make_person, partnership):
    member = make_person(Role.BUSINESS_MANAGER, email="member@agency.example")
    outsider = make_person(Role.AGENCY_LEAD, email="outsider@agency.example")
    case = SampleCaseFactory(partnership=partnership, reference="NSCP-2026-004",
                             pseudonym="Child A", members=[member], la_became_aware=D(2026, 12, 21))
    # Five working days from Monday 21 December 2026: Wednesday 30 December.
    deadline = deadline_start(record=case, key="national_panel_notification",
                              started_on=case.la_became_aware, partnership=partnership)
    return member, outsider, deadline


def test_two_working_days_before_across_christmas(case_with_deadline):
    member, outsider, deadline = case_with_deadline
    assert deadline.due_on == D(2026, 12, 30)
    assert reminders_send(today=D(2026, 12, 23), site_url=SITE) == 0  # 3 working days before
    assert reminders_send(today=D(2026, 12, 24), site_url=SITE) == 1  # 24, (29), 30
    message = mail.outbox[0]
    assert message.to == ["member@agency.example"]
    assert "Notify the Child Safeguarding Practice Review Panel" in message.subject
    assert "NSCP-2026-004" in message.body
    assert "Child A" not in message.body  # not even the pseudonym leaves the platform
    assert f"{SITE}/test-cases/{deadline.object_id}/" in message.body


def test_on_the_due_date(case_with_deadline):
    reminders_send(today=D(2026, 12, 30), site_url=SITE)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Due today"]


def test_running_twice_sends_nothing_twice(case_with_deadline):
    reminders_send(today=D(2026, 12, 24), site_url=SITE)
    reminders_send(today=D(2026, 12, 24), site_url=SITE)
    send_deadline_reminders.enqueue("2026-12-24")
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_a_failed_send_is_retried_next_time(case_with_deadline, settings):
    settings.EMAIL_BACKEND = "safeguarding.core.tests.test_reminders.BrokenBackend"
    with pytest.raises(ConnectionError):
        reminders_send(today=D(2026, 12, 24), site_url=SITE)
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send(today=D(2026, 12, 24), site_url=SITE) == 1


def test_met_deadlines_are_not_reminded(case_with_deadline):
    _, _, deadline = case_with_deadline
    deadline.met_on = D(2026, 12, 23)
    deadline.save()
    assert reminders_send(today=D(2026, 12, 24), site_url=SITE) == 0


def test_the_daily_command_queues_the_task(case_with_deadline):
    call_command("send_reminders", "--date", "2026-12-24")
    assert len(mail.outbox) == 1  # the test settings run tasks at once


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")
