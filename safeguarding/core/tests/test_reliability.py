"""When the database goes away under load (PostgreSQL restarted, a failover, connections cut):
requests in flight fail with a page that says so and save nothing half-way; the next request
works without restarting the application; a connection kept open between requests is checked
before it is used again. And background work is safe to retry: a reminder is sent once even
when two workers run the same task at the same moment.

PostgreSQL only: what is proved here is how PostgreSQL and its driver behave."""

import re
import threading
import time

import psycopg
import pytest
import requests
from django.core import mail
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection, connections

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Reminder, WorkflowEvent
from safeguarding.core.views import DATABASE_UNAVAILABLE
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
IN_FLIGHT = 3


def admin_connection():
    """A connection of the database's own, outside the application (as an operator's)."""
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"],
                           password=settings["PASSWORD"], host=settings["HOST"] or "localhost",
                           port=settings["PORT"] or 5432, autocommit=True)


def waiting_on_locks(admin) -> int:
    return admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                         "current_database() AND wait_event_type = 'Lock'").fetchone()[0]


def cut_every_connection_but(admin, *keep) -> int:
    return admin.execute(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
        "current_database() AND pid <> pg_backend_pid() AND NOT pid = ANY(%s)",
        [list(keep)]).fetchone()[0]


class Browser:
    """A signed-in person's browser against the running server: their session cookie, and the
    form token the pages give them."""

    def __init__(self, live_server, client):
        self.base = live_server.url
        self.session = requests.Session()
        self.session.cookies.set("sessionid", client.cookies["sessionid"].value)

    def open(self, incident):
        """The case's page, with its "Send the notification" button."""
        page = self.session.get(f"{self.base}/incidents/{incident.pk}/", timeout=30)
        assert page.status_code == 200
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def send_notification(self, incident):
        return self.session.post(f"{self.base}/incidents/{incident.pk}/move/",
                                 data={"csrfmiddlewaretoken": self.token, "move": "submit"},
                                 allow_redirects=False, timeout=60)


@pytest.fixture
def notifier_with_drafts(transactional_db, partnership, agency, make_person, signed_in):
    lead = make_person(Role.AGENCY_LEAD)
    drafts = [IncidentFactory(partnership=partnership, notifying_agency=agency,
                              notified_by=lead, members=[lead], status=Incident.Status.DRAFT)
              for _ in range(IN_FLIGHT)]
    return signed_in(lead), drafts


def test_cut_connections_fail_in_flight_requests_cleanly_and_the_app_recovers(
        live_server, notifier_with_drafts):
    client, drafts = notifier_with_drafts
    browsers = [Browser(live_server, client) for _ in drafts]
    for browser, draft in zip(browsers, drafts, strict=True):
        browser.open(draft)
    history_before = Incident.history.count()
    connection.ensure_connection()
    ours = connection.connection.info.backend_pid  # the test's own: it is not the application

    holder, admin = admin_connection(), admin_connection()
    with holder.transaction():
        # Each sending changes the case's state, then stops at recording the move: in flight.
        holder.execute("LOCK TABLE core_workflowevent IN ACCESS EXCLUSIVE MODE")
        answers = [None] * IN_FLIGHT

        def send(index):
            answers[index] = browsers[index].send_notification(drafts[index])

        threads = [threading.Thread(target=send, args=(i,)) for i in range(IN_FLIGHT)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while waiting_on_locks(admin) < IN_FLIGHT and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_on_locks(admin) == IN_FLIGHT
        # The database drops every connection of the application's, as a restart would.
        assert cut_every_connection_but(admin, ours, holder.info.backend_pid) >= IN_FLIGHT
        for thread in threads:
            thread.join(timeout=60)
    holder.close()
    admin.close()

    for answer in answers:
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "30"
        assert "Sorry, the service is unavailable" in answer.text
        assert "Nothing you entered on the last page was saved" in answer.text
    # Nothing half-written: each move was one transaction, and none of it stayed.
    assert set(Incident.objects.filter(pk__in=[d.pk for d in drafts])
               .values_list("status", flat=True)) == {Incident.Status.DRAFT}
    assert not WorkflowEvent.objects.exists()
    assert Incident.history.count() == history_before

    # The next request works, without restarting anything.
    answer = browsers[0].send_notification(drafts[0])
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/sent/")
    assert Incident.objects.get(pk=drafts[0].pk).status == Incident.Status.NOTIFIED


def test_the_api_says_the_same_in_problem_details(transactional_db, make_person):
    from django.test import Client

    from safeguarding.accounts.tests.api_clients import token_client

    secret = token_client(make_person(Role.AGENCY_LEAD)).secret
    admin = admin_connection()
    found = {}

    def call():
        # A worker thread with a connection of its own, cut before the call reads anything.
        connections["default"].ensure_connection()
        cut_every_connection_but(admin, connection_pid_of_test)
        found["answer"] = Client(raise_request_exception=False).get(
            "/api/v1/serious-incidents/notifications/",
            headers={"authorization": f"Bearer {secret}"})
        connections["default"].close()

    connection.ensure_connection()
    connection_pid_of_test = connection.connection.info.backend_pid
    worker = threading.Thread(target=call)
    worker.start()
    worker.join(timeout=60)
    admin.close()
    answer = found["answer"]
    assert answer.status_code == 503 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == DATABASE_UNAVAILABLE and answer["Retry-After"] == "30"


@pytest.mark.parametrize("checked", [True, False], ids=["health-checked", "unchecked"])
def test_a_kept_connection_is_checked_before_the_next_request_uses_it(transactional_db,
                                                                     checked):
    """Production keeps connections open between requests (CONN_MAX_AGE). CONN_HEALTH_CHECKS
    (on in the settings) finds one the database has cut and opens another; without it the next
    request would fail."""
    settings = connections["default"].settings_dict
    saved = settings["CONN_MAX_AGE"], settings["CONN_HEALTH_CHECKS"]
    assert saved[1] is True  # what the platform's settings say
    settings["CONN_MAX_AGE"], settings["CONN_HEALTH_CHECKS"] = 600, checked
    admin, outcome = admin_connection(), {}

    def worker():  # one app-server thread, serving two requests on one kept connection
        worker_connection = connections["default"]
        try:
            request_started.send(sender=None)
            with worker_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            pid = worker_connection.connection.info.backend_pid
            request_finished.send(sender=None)  # kept open: CONN_MAX_AGE
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            request_started.send(sender=None)
            try:
                with worker_connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                outcome["second"] = "answered"
            except OperationalError:
                outcome["second"] = "failed"
            request_finished.send(sender=None)
        finally:
            worker_connection.close()

    try:
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(timeout=60)
    finally:
        settings["CONN_MAX_AGE"], settings["CONN_HEALTH_CHECKS"] = saved
        admin.close()
    assert outcome["second"] == ("answered" if checked else "failed")


def test_two_workers_running_the_same_reminder_task_send_it_once(transactional_db,
                                                                 make_person, partnership):
    import datetime

    from safeguarding.core.services import deadline_start
    from safeguarding.core.tasks import send_deadline_reminders
    from safeguarding.core.tests.casework import SampleCaseFactory

    member = make_person(Role.BUSINESS_MANAGER, email="member@agency.example")
    case = SampleCaseFactory(partnership=partnership, members=[member],
                             la_became_aware=datetime.date(2026, 12, 21))
    deadline_start(record=case, key="national_panel_notification",
                   started_on=case.la_became_aware, partnership=partnership)
    holder, admin = admin_connection(), admin_connection()
    done = []

    def run_task():  # a worker of its own, with its own connection
        try:
            done.append(send_deadline_reminders.enqueue("2026-12-24").return_value)
        finally:
            connections["default"].close()

    with holder.transaction():
        # Both workers find nothing sent yet, then wait to record their reminder: the race.
        holder.execute("LOCK TABLE core_reminder IN EXCLUSIVE MODE")
        workers = [threading.Thread(target=run_task) for _ in range(2)]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 30
        while waiting_on_locks(admin) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_on_locks(admin) == 2
    for worker in workers:
        worker.join(timeout=60)
    holder.close()
    admin.close()
    assert sorted(done) == [0, 1]
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1
