"""The certificate of attendance, drawn from an HTML template as a PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.core.documents import pdf_from_html
from safeguarding.learning.models import Booking


def certificate_pdf(booking: Booking) -> bytes:
    session = booking.session
    context = {"name": booking.learner.user.full_name, "course": session.course,
               "partnership": session.course.partnership, "session": session,
               "day": timezone.localtime(session.starts_at).date(),
               "reference": f"{session.course.partnership.short_name}-T{booking.pk:06d}"}
    return pdf_from_html(render_to_string("learning/certificate.html", context),
                         render_to_string("learning/certificate.css"))
