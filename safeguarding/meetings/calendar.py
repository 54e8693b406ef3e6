"""Calendar invitations (iCalendar, RFC 5545) for meetings: a REQUEST when planned or moved,
a CANCEL when cancelled, the same UID throughout so calendars update the one entry."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from safeguarding.meetings.models import Meeting

PRODID = "-//Safeguarding Partnership Platform//Meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "safeguarding.localhost"
    return f"meeting-{meeting.pk}@{host}"


def meeting_ics(meeting: Meeting, attendees=()) -> bytes:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.display_title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    where = ", ".join(filter(None, [meeting.location, meeting.online_link]))
    if where:
        event.add("location", where)
    event.add("description", f"{meeting.group.name}. Agenda and papers: "
                             f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}")
    event.add("url", f"{settings.SITE_URL.rstrip('/')}{meeting.get_absolute_url()}")
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organiser.params["cn"] = vText(meeting.group.name)
    event.add("organizer", organiser)
    for name, email in attendees:
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
