"""The public JSON API of the training catalogue: the published courses and their sessions to
come with the places left, read without a token; nothing unpublished, past or cancelled."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.learning.models import Session
from safeguarding.learning.tests.factories import BookingFactory, CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db


def url(partnership):
    return f"/api/v1/public/{partnership.slug}/training/"


def test_anyone_reads_the_catalogue_with_places_left(client, partnership):
    course = CourseFactory(partnership=partnership, title="Neglect")
    soon = SessionFactory(course=course, capacity=12)
    BookingFactory(session=soon, learner__partnership=partnership)
    SessionFactory(course=course, starts_at=timezone.now() - datetime.timedelta(days=2))
    SessionFactory(course=course, status=Session.Status.CANCELLED)
    CourseFactory(partnership=partnership, title="Hidden", is_published=False)
    CourseFactory(title="Another partnership's course")

    response = client.get(url(partnership))  # no token
    assert response.status_code == 200, response.content
    courses = response.json()
    assert [c["title"] for c in courses] == ["Neglect"]
    assert [(s["id"], s["places_left"]) for s in courses[0]["sessions"]] == [(soon.pk, 11)]
    assert courses[0]["page"] == "http://testserver" + course.get_public_url()


def test_an_unknown_partnership_is_a_problem_404(client):
    response = client.get("/api/v1/public/nowhere/training/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_query_count_does_not_grow(client, partnership):
    SessionFactory(course=CourseFactory(partnership=partnership))
    with CaptureQueriesContext(connection) as few:
        client.get(url(partnership))
    for _ in range(10):
        SessionFactory(course=CourseFactory(partnership=partnership))
    with CaptureQueriesContext(connection) as many:
        client.get(url(partnership))
    assert len(many) == len(few)
