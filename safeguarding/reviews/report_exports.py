"""The notification review as an Excel workbook and as a PDF.

The workbook holds the same figures as the page, suppression included, with every text cell made
safe from formulas (`core.files.safe_cell`). The PDF is the page's own template in its print
variant, drawn by WeasyPrint with nothing fetched from anywhere.
"""

from __future__ import annotations

import json
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.text import slugify

from safeguarding.core.documents import pdf_from_html, zip_of
from safeguarding.core.files import safe_row
from safeguarding.core.suppression import SUPPRESSION_NOTE, Breakdown
from safeguarding.reviews.reporting import NotificationReview

NOT_APPLICABLE = "n/a"


def _table(sheet, header: list, rows: list[list]):
    from openpyxl.styles import Font

    sheet.append(safe_row(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))


def _breakdown_rows(breakdown: Breakdown) -> list[list]:
    rows = [[breakdown.title, cell.label, cell.shown] for cell in breakdown.cells]
    return [*rows, [breakdown.title, "Total", breakdown.total]]


def _or_na(value):
    return NOT_APPLICABLE if value is None else value


def notification_review_xlsx(review: NotificationReview) -> bytes:
    """One sheet a section of the page, in the page's order and words."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _table(summary, ["Notification process review", str(review.partnership)], [
        ["Period", review.period.label],
        ["Figures as at", review.today.isoformat()],
        ["Notifications received", review.received],
        ["Meeting the criteria", review.meets],
        ["Not meeting the criteria", review.not_met],
        ["Awaiting the review group's decision", review.awaiting],
    ])

    timeliness = book.create_sheet("Time to each decision")
    _table(timeliness, ["Decision", "Measured", "Clock", "Cases", "Median working days",
                        "Worst working days", "On time", "Late", "Not done and overdue"], [
        [t.point.label, t.point.measured, t.clock_label, t.cases, _or_na(t.median),
         _or_na(t.worst), _or_na(t.on_time), _or_na(t.late), _or_na(t.overdue)]
        for t in review.timeliness
    ])

    reviews = review.practice_reviews
    practice = book.create_sheet("Practice reviews")
    _table(practice, ["Local child safeguarding practice reviews", "Number"], [
        ["Commissioned", reviews.commissioned],
        ["Under way", reviews.under_way],
        ["Published", reviews.published],
        ["Published within 6 months of the decision", reviews.published_on_time],
        ["Decided not to publish", reviews.not_published],
        ["Overdue", reviews.overdue],
    ])

    themes = book.create_sheet("Themes")
    _table(themes, ["Theme", "Value", "Number"], [
        *(["Route chosen by the safeguarding partners", label, n] for label, n in review.routes),
        *(["The National Panel's reply to the rapid review", label, n]
          for label, n in review.panel_responses),
        *_breakdown_rows(review.legal_status),
    ])

    children = book.create_sheet("Children")
    _table(children, ["Characteristic", "Value", "Number"],
           [row for breakdown in review.characteristics for row in _breakdown_rows(breakdown)])
    children.append([])
    children.append(safe_row([SUPPRESSION_NOTE]))

    for sheet in book.worksheets:
        for column, width in zip("ABCDEFGHI", (44, 60, 28, 10, 12, 12, 10, 10, 14), strict=False):
            sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def notification_review_pdf(html: str) -> bytes:
    """The print variant of the page as a PDF."""
    return pdf_from_html(html, render_to_string("print/document.css"))


def repository_package(incident, products) -> bytes:
    """What the NSPCC national case review repository asks for: the published report as a PDF,
    its learning products, and the details it catalogues the report by. Only what was published:
    nothing from the case record beyond it."""
    report_html = render_to_string("reviews/repository_report.html",
                                   {"title": incident.published_title,
                                    "text": incident.published_text,
                                    "partnership": incident.partnership,
                                    "published_on": incident.published_on})
    stylesheet = render_to_string("print/document.css")
    files = {"report.pdf": pdf_from_html(report_html, stylesheet)}
    listed = []
    for number, product in enumerate(products, start=1):
        name = f"learning/{number:02d}-{slugify(product.title)[:60]}.pdf"
        files[name] = pdf_from_html(render_to_string(
            "reviews/repository_report.html",
            {"title": product.title, "text": product.text, "kind": product.get_kind_display(),
             "partnership": incident.partnership, "published_on": product.published_on}),
            stylesheet)
        listed.append({"file": name, "kind": product.get_kind_display(), "title": product.title,
                       "published_on": product.published_on.isoformat()})
    metadata = {
        "title": incident.published_title,
        "partnership": incident.partnership.name,
        "country": "England",
        "review_type": "Local child safeguarding practice review",
        "publication_date": incident.published_on.isoformat(),
        "author": incident.reviewer,
        "child": {"age": incident.get_age_band_display(), "sex": incident.get_sex_display(),
                  "ethnicity": incident.ethnicity, "died": incident.child_died},
        "learning_products": listed,
    }
    files["metadata.json"] = json.dumps(metadata, indent=2, ensure_ascii=False)
    files["README.txt"] = render_to_string("reviews/repository_readme.txt",
                                           {"incident": incident, "files": sorted(files)})
    return zip_of(files)
