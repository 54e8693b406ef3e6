"""Calendar invitations (iCalendar, RFC 5545) for any module: a REQUEST when something is
arranged or moved, a CANCEL when it is called off, the same UID throughout (with a growing
sequence) so calendars update the one entry instead of adding another."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    organiser: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    attendees: tuple[tuple[str, str], ...] = field(default=())  # (name, e-mail address)

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"

    @property
    def content_type(self) -> str:
        return f"text/calendar; method={self.method}; charset=utf-8"


def site_host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "safeguarding.localhost"


def uid_for(kind: str, pk) -> str:
    """A UID unique to one record of one kind on this site."""
    return f"{kind}-{pk}@{site_host()}"


def ics_of(entry: CalendarEntry, prodid: str = "-//Safeguarding Partnership Platform//EN") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", entry.method)
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.ends_at)
    event.add("summary", entry.summary)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organiser.params["cn"] = vText(entry.organiser)
    event.add("organizer", organiser)
    for name, email in entry.attendees:
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
