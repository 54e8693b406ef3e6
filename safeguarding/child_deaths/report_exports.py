"""The CDOP annual report as a Word document and as a PDF, with the same figures as the page,
suppression included. The PDF is the page's own template in its print variant; the Word
document is built from the same `AnnualReport` with python-docx."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from safeguarding.child_deaths.reporting import AnnualReport
from safeguarding.core.documents import pdf_from_html

NOT_APPLICABLE = "–"


def _or_dash(value):
    return NOT_APPLICABLE if value is None else value


def summary_rows(report: AnnualReport) -> list[tuple[str, object]]:
    """The headline figures, in the page's words and order."""
    time = report.time_to_review
    return [
        ("Deaths notified", report.notified),
        ("Expected deaths", report.expected),
        ("Unexpected deaths (Joint Agency Response)", report.unexpected),
        ("Notified this year and not yet reviewed", report.awaiting_review),
        ("CDOP reviews completed", report.reviewed),
        ("Median days from death to review", _or_dash(time.median)),
        ("Longest days from death to review", _or_dash(time.longest)),
        (f"Reviews completed within {time.target_label} of the death", time.within_target),
    ]


def action_rows(report: AnnualReport) -> list[tuple[str, object]]:
    actions = report.actions
    return [("Actions agreed from the reviews", actions.total),
            ("Completed", actions.completed), ("Open", actions.open),
            ("Open and overdue", actions.overdue)]


def annual_report_pdf(html: str) -> bytes:
    return pdf_from_html(html, render_to_string("print/document.css"))


def _table(document, title: str, header: tuple[str, str], rows):
    document.add_paragraph(title, style="Heading 3")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)


def _breakdown(document, breakdown, what="Deaths"):
    rows = [(cell.label, cell.shown) for cell in breakdown.cells]
    _table(document, f"{what} by {breakdown.title.lower()}", (breakdown.title, what),
           [*rows, ("Total", breakdown.total)])


def annual_report_docx(report: AnnualReport) -> bytes:
    """The report as a Word document: headings, the figures as tables, the suppression note."""
    from docx import Document

    document = Document()
    document.core_properties.title = report.title
    document.add_heading(f"{report.cdop}: annual report {report.year}", level=1)
    served = ", ".join(str(p) for p in report.partnerships)
    document.add_paragraph(
        f"For the child death review partners of {served}. Deaths notified and CDOP reviews "
        f"completed from {report.year.starts_on:%-d %B %Y} to {report.year.ends_on:%-d %B %Y}, "
        f"as at {report.today:%-d %B %Y}. No child and no case is named.")
    document.add_paragraph(report.suppression_note)
    document.add_heading("Deaths notified and reviewed", level=2)
    _table(document, "Summary", ("Measure", "Number"), summary_rows(report))
    document.add_heading("Categories of death", level=2)
    _breakdown(document, report.categories, "Reviews")
    document.add_heading("Modifiable factors", level=2)
    _breakdown(document, report.modifiable, "Reviews")
    document.add_heading("Themes", level=2)
    document.add_paragraph("Reviews that found a factor in each domain that may have "
                           "contributed to the death (a review may count in several).")
    _table(document, "Contributory factors by domain", ("Domain", "Reviews"),
           [(cell.label, cell.shown) for cell in report.themes])
    document.add_heading("Actions", level=2)
    _table(document, "Actions from the reviews completed this year", ("Actions", "Number"),
           action_rows(report))
    document.add_heading("The children", level=2)
    for breakdown in report.characteristics:
        _breakdown(document, breakdown)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
