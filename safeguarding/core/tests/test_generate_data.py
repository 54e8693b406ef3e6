"""The bench's data and its floor page (docs/scaling.md): the generator makes valid, fictional
records at each size's shape, refuses a database that already holds data, and its accounts sign
in through the real sign-in form and two-factor step; the floor page is the bench's alone."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.models import Deadline
from safeguarding.intelligence.models import Value
from safeguarding.learning.models import Booking
from safeguarding.partnership.models import Partnership
from safeguarding.reviews.models import Incident
from safeguarding.testing.bench import report
from safeguarding.testing.bench.codes import totp
from safeguarding.testing.bench.pages import FLOOR
from safeguarding.testing.generate import NOT_EMPTY, SIZES, Plan

TODAY = datetime.date(2026, 11, 2)


@pytest.mark.parametrize(("size", "scale", "partnerships", "years"), [
    ("S", 1, 1, 1), ("M", 1, 1, 10), ("L", 1, 150, 10), ("L", 0.1, 15, 10)])
def test_each_size_has_the_shape_the_issue_sets(size, scale, partnerships, years):
    plan = Plan(size=SIZES[size], today=TODAY, scale=scale)
    assert (plan.partnerships, plan.years) == (partnerships, years)
    if size == "L" and scale == 1:  # the national figures, within a few per cent
        for kind, national in {"incidents": 5_000, "child_deaths": 35_000,
                               "bookings": 2_000_000, "returns": 50_000}.items():
            assert plan.count(kind) * plan.partnerships == pytest.approx(national, rel=0.02)
        values = plan.indicators() * 12 * years * 18 * plan.partnerships
        assert values == pytest.approx(20_000_000, rel=0.02)


@pytest.mark.django_db
def test_the_generator_makes_valid_fictional_records_and_accounts_that_sign_in(tmp_path):
    credentials = tmp_path / "bench.json"
    call_command("generate_data", size="M", scale=0.05, bench_accounts=1,
                 credentials=str(credentials), stdout=io.StringIO())
    assert Partnership.objects.count() == 1
    assert Incident.objects.exists() and ChildDeath.objects.exists()
    assert Booking.objects.exists() and Value.objects.exists() and Deadline.objects.exists()
    assert not Incident.objects.exclude(summary__contains="fictional").exists()
    # Each record is in a state its fields bear out (what the workflow's guards ask for).
    assert not ChildDeath.objects.filter(status="closed", category="").exists()
    assert not Incident.objects.filter(status="published", published_on__isnull=True).exists()
    assert not Incident.objects.filter(status__in=["meets", "panel_notified"],
                                       la_became_aware__isnull=True).exists()

    secrets = json.loads(credentials.read_text())
    assert oct(credentials.stat().st_mode)[-3:] == "600"
    account = secrets["accounts"][0]
    browser = Client()
    signed = browser.post("/account/sign-in/", {"username": account["email"],
                                                "password": account["password"]})
    assert signed.status_code == 302
    assert browser.post("/account/two-factor/",
                        {"code": totp(account["totp_key"])}).status_code == 302
    case = Incident.objects.order_by("-became_aware").first()
    assert browser.get(f"/incidents/{case.pk}/").status_code == 200
    assert browser.get(f"/data/{secrets['partnership']}/").status_code == 200

    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_data", size="S", stdout=io.StringIO())
    assert NOT_EMPTY.startswith("The database already holds partnerships")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="safeguarding.testing.bench.urls")
def test_the_floor_is_a_signed_in_page_of_the_bench_alone(client, make_person, signed_in):
    from safeguarding.accounts.roles import Role

    assert client.get("/bench/floor/").url.startswith("/account/sign-in/")
    page = signed_in(make_person(Role.BUSINESS_MANAGER)).get("/bench/floor/")
    assert page.status_code == 200 and "Skip to main content" in page.content.decode()


def test_the_platform_itself_has_no_floor(client):
    assert client.get("/bench/floor/").status_code == 404


def run(size, p95, queries, floor=10.0):
    timings = {"List": report.Timing(100, 0, p95 / 2, p95, 5.0),
               FLOOR: report.Timing(100, 0, floor / 2, floor, 5.0)}
    return report.Run(size, size, timings, {"List": queries, FLOOR: 8}, 10.0)


def test_the_rounds_samples_make_each_pages_median_and_95th_percentile():
    samples = [("List", float(ms), ms != 100) for ms in range(1, 101)]
    timing = report.timings_of(samples, seconds=10)["List"]
    assert (timing.requests, timing.failures, timing.median, timing.p95) == (100, 1, 50, 95)
    assert timing.per_second == 10


def test_the_table_says_which_target_each_page_misses():
    met = report.checks(run("S", 20, 12), run("L", 29, 12))
    assert not any(met.values())
    missed = report.checks(run("S", 20, 12), run("L", 50, 13))
    assert missed[report.SAME_QUERIES] == ["List"]
    assert missed["p95 at L within 1.5× p95 at S"] == ["List"]
    assert missed["p95 within 4× the floor's"] == ["List"]
    text = report.markdown(run("S", 20, 12), run("L", 50, 13), None, "Setting.")
    assert "| List | 10 | 20 | 25 | 50 |" in text and "**missed** by List" in text
