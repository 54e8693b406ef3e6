"""When the database goes away under load (PostgreSQL restarted, a failover, connections cut):
requests in flight fail with a page that says so and save nothing half-way; the next request
works without restarting the application; a connection kept open between requests is checked
before it is used again. And background work is safe to retry: a reminder is sent once even
when two workers run the same task at the same moment.

PostgreSQL only: what is proved here is how PostgreSQL and its driver behave."""

import dataclasses
import os
import queue
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import psycopg.sql
import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
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

    def __init__(self, base, client, timeout=60):
        self.base, self.timeout = base, timeout
        self.session = requests.Session()
        self.session.cookies.set("sessionid", client.cookies["sessionid"].value)

    def open(self, incident):
        """The case's page, with its "Send the notification" button."""
        page = self.session.get(f"{self.base}/incidents/{incident.pk}/", timeout=30)
        assert page.status_code == 200
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def get(self, path):
        return self.session.get(f"{self.base}{path}", allow_redirects=False,
                                timeout=self.timeout)

    def send_notification(self, incident):
        return self.session.post(f"{self.base}/incidents/{incident.pk}/move/",
                                 data={"csrfmiddlewaretoken": self.token, "move": "submit"},
                                 allow_redirects=False, timeout=self.timeout)


@pytest.fixture
def notifier_with_drafts(transactional_db, partnership, agency, make_person, signed_in):
    lead = make_person(Role.AGENCY_LEAD)
    return signed_in(lead), drafts_of(lead, partnership, agency, IN_FLIGHT)


def drafts_of(lead, partnership, agency, count):
    """`count` draft notifications by the agency's lead, ready to send."""
    return [IncidentFactory(partnership=partnership, notifying_agency=agency, notified_by=lead,
                            members=[lead], status=Incident.Status.DRAFT)
            for _ in range(count)]


def test_cut_connections_fail_in_flight_requests_cleanly_and_the_app_recovers(
        live_server, notifier_with_drafts):
    client, drafts = notifier_with_drafts
    browsers = [Browser(live_server.url, client) for _ in drafts]
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
        assert "may not have been saved" in answer.text
    # Nothing half-written: each move was one transaction, and none of it stayed.
    assert set(Incident.objects.filter(pk__in=[d.pk for d in drafts])
               .values_list("status", flat=True)) == {Incident.Status.DRAFT}
    assert not WorkflowEvent.objects.exists()
    assert Incident.history.count() == history_before

    # The next request works, without restarting anything.
    answer = browsers[0].send_notification(drafts[0])
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/sent/")
    assert Incident.objects.get(pk=drafts[0].pk).status == Incident.Status.NOTIFIED


def test_a_request_cut_while_saving_its_session_gets_the_503_page(live_server, transactional_db,
                                                                  make_person, signed_in):
    """The session is saved after the page is made (every request renews it). The database going
    away at that moment is the database's failure, not a bad request (Django's 400)."""
    browser = Browser(live_server.url, signed_in(make_person(Role.AGENCY_LEAD)))
    connection.ensure_connection()
    ours = connection.connection.info.backend_pid
    holder, admin = admin_connection(), admin_connection()
    found = {}
    with holder.transaction():
        holder.execute("LOCK TABLE django_session IN EXCLUSIVE MODE")  # read it, not write it
        thread = threading.Thread(target=lambda: found.update(answer=browser.get("/my-work/")))
        thread.start()
        until(lambda: waiting_on_locks(admin) >= 1, 30, "the page waits to save its session")
        assert cut_every_connection_but(admin, ours, holder.info.backend_pid) >= 1
        thread.join(timeout=60)
    holder.close()
    admin.close()
    answer = found["answer"]
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
    assert UNAVAILABLE in answer.text
    assert browser.get("/my-work/").status_code == 200


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


# PostgreSQL really stopped and started under load. The suite's processes share one cluster, so
# this stops a server of the test's own: made with initdb, filled from the test database with
# pg_dump, and served by gunicorn in a process of its own, as a deployment serves the platform.

LOAD_THREADS = 4
DRAFTS_UNDER_LOAD = 60  # each sent once: more than the load sends in the time it runs
PACE = 0.02  # each thread's breath between one request and the next
RECOVERY_SECONDS = 15
SERVER_USER = "postgres"  # initdb refuses to run as root: as root, the server runs as this user
PRIVATE_ROLE = PRIVATE_DATABASE = "safeguarding"
UNAVAILABLE = "Sorry, the service is unavailable"


def postgres_programs() -> Path:
    """The folder of PostgreSQL's own programs (initdb, pg_ctl, pg_dump): Debian's newest, else
    pg_config's. Missing is a failure, not a skip: where the suite runs on PostgreSQL they are
    installed (CI installs them)."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True,
                     key=lambda folder: [int(n) for n in re.findall(r"\d+", folder.parent.name)])
    if shutil.which("pg_config"):
        told = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                              check=False)
        folders.append(Path(told.stdout.strip()))
    for folder in folders:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    pytest.fail("PostgreSQL's server programs (initdb, pg_ctl) are not installed: install the "
                "postgresql package (.ci/run does) or put its pg_config on PATH")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, **options) -> None:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=120, check=False, **options)
    assert done.returncode == 0, f"{shlex.join(map(str, command))}:\n{done.stdout}{done.stderr}"


def until(condition, seconds: float, what: str) -> float:
    """Wait (polling) until `condition()` holds; when it does, the moment it did."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"Not within {seconds} seconds: {what}"
        time.sleep(0.05)
    return time.monotonic()


class PrivateServer:
    """A PostgreSQL server of the test's own, in a folder of its own, on a port of its own:
    listening on 127.0.0.1 only, trusting its one role, without fsync (it is thrown away)."""

    def __init__(self, programs: Path):
        self.programs = programs
        self.home = Path(tempfile.mkdtemp(prefix="pgstop-"))
        self.data, self.log = self.home / "data", self.home / "server.log"
        self.port = free_port()
        self.user = SERVER_USER if os.geteuid() == 0 else None
        if self.user:
            try:
                shutil.chown(self.home, user=self.user)
            except LookupError:
                pytest.fail(f"Running as root, the private PostgreSQL server must run as the "
                            f"{self.user!r} system user, and there is none")

    def command(self, program: str, *arguments) -> list[str]:
        command = [str(self.programs / program), *map(str, arguments)]
        if self.user is None:
            return command
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user, "--", *command]
        return ["su", self.user, "-s", "/bin/sh", "-c", shlex.join(command)]

    def create(self) -> None:
        run(self.command("initdb", "--pgdata", self.data, "--username", PRIVATE_ROLE,
                         "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync"),
            cwd=self.home)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.home}'\nfsync = off\n"
                       "full_page_writes = off\nshared_buffers = 16MB\nmax_connections = 40\n")
        self.start()
        with self.connect("postgres") as admin:
            admin.execute(f"CREATE DATABASE {PRIVATE_DATABASE}")

    def start(self) -> None:
        run(self.command("pg_ctl", "start", "--wait", "--timeout", "30", "--pgdata", self.data,
                         "--log", self.log), cwd=self.home)

    def stop(self, mode: str = "fast") -> None:
        run(self.command("pg_ctl", "stop", "--wait", "--mode", mode, "--pgdata", self.data),
            cwd=self.home)

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(self.command("pg_ctl", "stop", "--mode", "immediate", "--pgdata",
                                        self.data),
                           cwd=self.home, capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.home, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://{PRIVATE_ROLE}@127.0.0.1:{self.port}/{PRIVATE_DATABASE}"

    def connect(self, database: str = PRIVATE_DATABASE):
        return psycopg.connect(host="127.0.0.1", port=self.port, user=PRIVATE_ROLE,
                               dbname=database, autocommit=True)

    def fill_from(self, settings: dict) -> None:
        """Copy a database of the shared cluster in: the test database, migrated and seeded."""
        dump = self.home / "seed.dump"
        run([self.programs / "pg_dump", "--format", "custom", "--no-owner", "--no-acl",
             "--file", dump, "--host", settings["HOST"] or "localhost",
             "--port", settings["PORT"] or 5432, "--username", settings["USER"],
             settings["NAME"]],
            env={**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""})
        run([self.programs / "pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
             "--dbname", self.url, dump])


@pytest.fixture
def private_postgres():
    server = PrivateServer(postgres_programs())
    try:
        server.create()
        yield server
    finally:
        server.remove()


class Served:
    """The platform served by gunicorn in a process of its own, with the deployment's settings
    (`settings.bench`: DEBUG off, connections kept between requests and health-checked before
    reuse). One worker process with a thread for each of the load's threads, so one process
    answers every request; the access log names it."""

    def __init__(self, database_url: str, home: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.access_log, self.error_log = home / "access.log", home / "gunicorn.log"
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "safeguarding.settings.bench",
                       "DATABASE_URL": database_url, "CONN_MAX_AGE": "60",
                       "MEDIA_ROOT": str(home / "media")}
        with self.error_log.open("w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "safeguarding.wsgi", "--bind",
                 self.url.removeprefix("http://"), "--workers", "1", "--worker-class", "gthread",
                 "--threads", str(LOAD_THREADS), "--graceful-timeout", "5",
                 "--access-logfile", str(self.access_log),
                 "--access-logformat", "%(p)s %(s)s %(m)s %(U)s"],
                cwd=django_settings.BASE_DIR, env=environment, stdout=subprocess.DEVNULL,
                stderr=errors)

    def wait_until_up(self) -> None:
        def answering():
            assert self.process.poll() is None, f"gunicorn ended:\n{self.error_log.read_text()}"
            try:
                return requests.get(f"{self.url}/account/sign-in/", timeout=5).status_code == 200
            except requests.ConnectionError:
                return False

        until(answering, 60, "gunicorn answers")

    def errors_logged(self) -> list[str]:
        """The last errors the application logged (each traceback's last line)."""
        return [line for line in self.error_log.read_text().splitlines()
                if re.match(r"[\w.]+(Error|Exception|Interrupted)\b", line)][-10:]

    def worker_pids(self) -> set[str]:
        """The processes that have answered, from the access log."""
        return set(re.findall(r"^<(\d+)> ", self.access_log.read_text(), re.MULTILINE))

    def end(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclasses.dataclass
class Answer:
    kind: str  # "send": a draft notification sent; "page": a page opened
    draft: int | None
    sent: float  # time.monotonic() when asked, and when answered
    answered: float
    status: int = 0  # 0: no answer at all (a timeout, a broken connection)
    retry_after: str = ""
    says_unavailable: bool = False
    location: str = ""
    failure: str = ""  # what went wrong, for a failure or an answer that is none of the above


class Load:
    """Threads, each a browser of the signed-in person's, sending draft notifications (each
    draft once, so each answer speaks for one record) and opening a page, without stopping."""

    def __init__(self, browsers, drafts, page: str):
        self.page, self.drafts, self.answers = page, queue.SimpleQueue(), []
        for draft in drafts:
            self.drafts.put(draft)
        self.finish = threading.Event()
        self.threads = [threading.Thread(target=self.keep_asking, args=(browser,))
                        for browser in browsers]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *failure):
        self.finish.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in self.threads), "a request hung"

    def keep_asking(self, browser) -> None:
        while not self.finish.is_set():
            try:
                draft = self.drafts.get_nowait()
            except queue.Empty:
                draft = None
            if draft is not None:
                self.ask("send", draft.pk, browser.send_notification, draft)
            self.ask("page", None, browser.get, self.page)
            self.finish.wait(PACE)

    def ask(self, kind: str, draft: int | None, request, *arguments) -> None:
        sent = time.monotonic()
        try:
            response = request(*arguments)
        except requests.RequestException as failure:
            self.answers.append(Answer(kind, draft, sent, time.monotonic(), failure=repr(failure)))
            return
        self.answers.append(Answer(
            kind, draft, sent, time.monotonic(), response.status_code,
            response.headers.get("Retry-After", ""), UNAVAILABLE in response.text,
            response.headers.get("Location", ""),
            "" if response.status_code in (200, 302, 503) else response.text[:300]))

    def count(self, kind: str, status: int, since: float = 0.0) -> int:
        return sum(1 for answer in list(self.answers)
                   if answer.kind == kind and answer.status == status and answer.sent >= since)


def records_of(server: PrivateServer, drafts) -> dict[int, tuple]:
    """Each draft's status, whether it has its notified time, its workflow events (all, and
    sendings) and its history rows, read straight from the private server."""
    tables = {"incidents": Incident._meta.db_table, "events": WorkflowEvent._meta.db_table,
              "history": Incident.history.model._meta.db_table}
    query = psycopg.sql.SQL(
        "SELECT i.id, i.status, i.notified_at IS NOT NULL,"
        " (SELECT count(*) FROM {events} e WHERE e.content_type_id = %(type)s"
        "  AND e.object_id = i.id),"
        " (SELECT count(*) FROM {events} e WHERE e.content_type_id = %(type)s"
        "  AND e.object_id = i.id AND e.move = 'submit' AND e.to_state = i.status),"
        " (SELECT count(*) FROM {history} h WHERE h.id = i.id)"
        " FROM {incidents} i WHERE i.id = ANY(%(drafts)s)"
    ).format(**{name: psycopg.sql.Identifier(table) for name, table in tables.items()})
    with server.connect() as database:
        rows = database.execute(query, {
            "type": ContentType.objects.get_for_model(Incident).pk,
            "drafts": [draft.pk for draft in drafts]}).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_postgresql_stopped_and_started_under_load(transactional_db, partnership, agency,
                                                   make_person, signed_in, private_postgres):
    """The database server really stops (`pg_ctl stop -m fast`) while people send notifications
    and open pages, and starts again: every request in the meantime gets the 503 page, never a
    500 or a hang; the same application process answers again, not restarted; and every record
    is either wholly changed or untouched."""
    lead = make_person(Role.AGENCY_LEAD)
    client = signed_in(lead)
    drafts = drafts_of(lead, partnership, agency, DRAFTS_UNDER_LOAD)
    history_before = Counter(Incident.history.filter(id__in=[draft.pk for draft in drafts])
                             .values_list("id", flat=True))
    totals_before = WorkflowEvent.objects.count(), Incident.history.count()
    private_postgres.fill_from(connection.settings_dict)

    served = Served(private_postgres.url, private_postgres.home)
    try:
        served.wait_until_up()
        browsers = [Browser(served.url, client, timeout=15) for _ in range(LOAD_THREADS)]
        for browser in browsers:
            browser.open(drafts[0])
        with private_postgres.connect() as admin:
            load_began = admin.execute("SELECT now()").fetchone()[0]
        with Load(browsers, drafts, "/my-work/") as load:
            until(lambda: load.count("send", 302) >= LOAD_THREADS, 30, "notifications sent")
            with private_postgres.connect() as admin:
                kept = admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_start < %s",
                    [load_began]).fetchone()[0]
            pids_before = served.worker_pids()

            stopping = time.monotonic()
            private_postgres.stop("fast")
            stopped = time.monotonic()
            until(lambda: load.count("send", 503, since=stopped) >= 2
                  and load.count("page", 503, since=stopped) >= 2,
                  10, "requests answered while the database is stopped")
            starting = time.monotonic()
            private_postgres.start()
            started = time.monotonic()
            until(lambda: load.count("send", 302, since=started) >= LOAD_THREADS
                  and load.count("page", 200, since=started) >= LOAD_THREADS,
                  RECOVERY_SECONDS, "requests answered again after the start")
        assert served.process.poll() is None
        pids_after = served.worker_pids()
    finally:
        served.end()
    answers = load.answers

    # The application kept its connections between requests, so the stop cut kept connections.
    assert kept >= 1
    # Never a hang or a broken answer, never a 500: the 503 page whenever the database is away.
    wrong = [(answer.kind, answer.status, answer.failure) for answer in answers if answer.failure]
    assert not wrong, (wrong, served.errors_logged())
    for answer in answers:
        if answer.status == 503:
            assert answer.retry_after == "30" and answer.says_unavailable
    assert all(answer.status in (200, 302) for answer in answers if answer.answered < stopping)
    while_stopped = [answer for answer in answers
                     if answer.sent >= stopped and answer.answered < starting]
    assert while_stopped and all(answer.status == 503 for answer in while_stopped)
    # Back without a restart: every request after the start answered, by the same process.
    assert all(answer.status in (200, 302) for answer in answers if answer.sent >= started)
    assert len(pids_before) == 1 and pids_after == pids_before

    # Nothing half-written: a sent draft has its status, its time, one event and one history row
    # more; any other is as it was.
    records = records_of(private_postgres, drafts)
    assert len(records) == len(drafts)
    moved = set()
    for pk, (status, notified, events, sendings, history) in records.items():
        if status == Incident.Status.NOTIFIED:
            moved.add(pk)
            assert (notified, events, sendings, history) == (True, 1, 1, history_before[pk] + 1)
        else:
            assert (status, notified, events, history) == (
                Incident.Status.DRAFT, False, 0, history_before[pk])
    sent = {answer.draft: answer for answer in answers if answer.kind == "send"}
    accepted = {pk for pk, answer in sent.items() if answer.status == 302}
    for pk in accepted:
        assert sent[pk].location.endswith(f"/incidents/{pk}/sent/")
    # Each 302 is a notification sent, and no draft changed that was not sent. A request in
    # flight at the stop may have committed its change before the stop ended it, and be
    # answered 503 all the same: that is the only other way a draft was sent.
    assert accepted <= moved <= set(sent)
    committed_then_cut = moved - accepted
    for pk in committed_then_cut:
        assert sent[pk].status == 503 and sent[pk].sent < stopped and sent[pk].answered > stopping
    with private_postgres.connect() as database:
        events, history = (database.execute(psycopg.sql.SQL("SELECT count(*) FROM {}").format(
            psycopg.sql.Identifier(model._meta.db_table))).fetchone()[0]
            for model in (WorkflowEvent, Incident.history.model))
    assert len(moved) == len(accepted) + len(committed_then_cut)
    assert (events, history) == (totals_before[0] + len(moved), totals_before[1] + len(moved))
