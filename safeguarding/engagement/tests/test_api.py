"""The public JSON API of a partnership's site: what it has published, read without a token,
as the public site lists it; nothing unpublished, embargoed or of another partnership."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.engagement.models import Publication
from safeguarding.partnership.tests.factories import PartnershipFactory
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def url(partnership):
    return f"/api/v1/public/{partnership.slug}/publications/"


def publish(partnership, agency, title, *, on, kind="yearly_report", **review):
    if kind == "review":
        return IncidentFactory(partnership=partnership, notifying_agency=agency,
                               status=Incident.Status.PUBLISHED, published_title=title,
                               published_text="The review found…", published_on=on, **review)
    return Publication.objects.create(partnership=partnership, kind=kind, title=title,
                                      summary="A summary.", published_on=on)


def test_anyone_reads_what_is_published_and_nothing_else(client, partnership, agency):
    today = timezone.localdate()
    publish(partnership, agency, "Yearly report 2025-26", on=today)
    publish(partnership, agency, "Child R", on=today - datetime.timedelta(days=3), kind="review")
    publish(partnership, agency, "Draft newsletter", on=None, kind="newsletter")
    publish(partnership, agency, "Child S", on=today, kind="review",
            embargo_until=today + datetime.timedelta(days=30))
    publish(PartnershipFactory(slug="south"), agency, "Their report", on=today)

    response = client.get(url(partnership))  # no token
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [(row["title"], row["kind"]) for row in rows] == [
        ("Yearly report 2025-26", "Yearly report"), ("Child R", "Practice review")]
    assert rows[0]["url"].startswith("http://testserver/p/north/publications/")


def test_an_unknown_partnership_is_a_problem_404(client):
    response = client.get("/api/v1/public/nowhere/publications/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_query_count_does_not_grow(client, partnership, agency):
    today = timezone.localdate()
    publish(partnership, agency, "One", on=today)
    with CaptureQueriesContext(connection) as few:
        client.get(url(partnership))
    for n in range(10):
        publish(partnership, agency, f"Report {n}", on=today)
        publish(partnership, agency, f"Child {n}", on=today, kind="review")
    with CaptureQueriesContext(connection) as many:
        client.get(url(partnership))
    assert len(many) == len(few)
