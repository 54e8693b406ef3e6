"""Locust's users for `make bench`: each signs in through the real sign-in form and two-factor
step with its own bench account, waits until all have, then goes round the bench's pages (from
a starting point of its own) with a short pause between. Once everyone is signed in, they start
at moments of their own, not all at once, and go round for `warm_up` seconds unmeasured (each
server process loads its code and templates, the database its pages, on first use: a cost a
running service has paid long before); timing starts then and the round ends `seconds`
later. Every page's response times are written to the plan's
`samples` file, for the bench to put its rounds together. Everything it needs comes in the file
named by BENCH_PLAN (written by `safeguarding.testing.bench.run`); it never imports Django."""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

from safeguarding.testing.bench.codes import totp

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
ACCOUNTS = itertools.cycle(PLAN["accounts"])
EVERYONE_IN = Event()
MEASURING = Event()
SIGNED_IN = []
SAMPLES = []  # (page, milliseconds, answered as it should)


@events.request.add_listener
def _timed(name, response_time, exception, **kwargs):
    if MEASURING.is_set() and name != "sign-in":
        SAMPLES.append((name, response_time, exception is None))


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    Path(PLAN["samples"]).write_text(json.dumps(SAMPLES), encoding="utf-8")


class Practitioner(HttpUser):
    wait_time = between(PLAN["pause"][0], PLAN["pause"][1])

    def on_start(self):
        self.account = next(ACCOUNTS)
        # Each user goes round every page, from its own starting point, so every page is
        # measured about as often. Public pages are opened as the public opens them, and the
        # API as an agency's system calls it: without the signed-in session's cookie.
        pages = PLAN["pages"][:]
        random.shuffle(pages)
        self.pages = itertools.cycle(pages)
        self.public = HttpSession(base_url=self.host, request_event=self.environment.events.request,
                                  user=self)
        self.sign_in()
        SIGNED_IN.append(self.account["email"])
        if len(SIGNED_IN) == PLAN["users"]:
            gevent.spawn_later(PLAN["warm_up"], MEASURING.set)
            gevent.spawn_later(PLAN["warm_up"] + PLAN["seconds"], self.environment.runner.quit)
            EVERYONE_IN.set()
        EVERYONE_IN.wait()
        gevent.sleep(random.uniform(0, PLAN["pause"][1]))  # noqa: S311 (not a secret)

    def sign_in(self):
        self.client.get("/account/sign-in/", name="sign-in")
        form = {"username": self.account["email"], "password": self.account["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        self.client.post("/account/sign-in/", form, name="sign-in", allow_redirects=False)
        code = {"code": totp(self.account["totp_key"]),
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post("/account/two-factor/", code, name="sign-in",
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"two-factor step answered {answer.status_code}")

    @task
    def open_the_next_page(self):
        page = next(self.pages)
        headers = {}
        if page["kind"] == "api":
            headers["Authorization"] = f"Bearer {self.account['api_token']}"
        client = self.client if page["kind"] == "signed_in" else self.public
        with client.get(page["path"], name=page["name"], headers=headers, allow_redirects=False,
                        catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"answered {answer.status_code}")
