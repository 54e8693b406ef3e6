"""Spreadsheets of the training figures and of the non-attendance invoices, with every text cell
made safe from formulas (`core.files.safe_row`)."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone

from safeguarding.core.files import safe_row
from safeguarding.learning.selectors import Invoice, TrainingReport

FIGURE_COLUMNS = ["Places offered", "Booked", "Attended", "Did not attend", "Fill rate (%)",
                  "No-show rate (%)"]


def _book(sheets: list[tuple[str, list, list[list]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(row))
        sheet.column_dimensions["A"].width = 48
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _na(value):
    return "n/a" if value is None else value


def report_xlsx(partnership, report: TrainingReport) -> bytes:
    def rows(figures):
        return [[f.label, _na(f.offered), f.booked, f.attended, f.no_show, _na(f.fill_rate),
                 _na(f.no_show_rate)] for f in figures]

    return _book([
        ("Summary", [f"Training {report.year}", str(partnership)],
         [["Business year", report.year.label], *rows([report.total]),
          ["E-learning completions", report.elearning]]),
        ("By course", ["Course", *FIGURE_COLUMNS], rows(report.by_course)),
        ("By agency", ["Agency", *FIGURE_COLUMNS], rows(report.by_agency)),
        ("By quarter", ["Quarter", *FIGURE_COLUMNS], rows(report.by_quarter)),
    ])


def invoices_xlsx(partnership, year, invoices: list[Invoice]) -> bytes:
    lines = []
    for invoice in invoices:
        for charge in invoice.charges:
            lines.append([invoice.agency, invoice.quarter_label, charge.session_date,
                          charge.booking.session.course.title,
                          charge.booking.learner.user.full_name, float(charge.amount)])
    totals = [[i.agency, i.quarter_label, len(i.charges), float(i.total)] for i in invoices]
    return _book([
        ("Invoices", ["Agency", "Quarter", "Places not attended", "Total (£)"], totals),
        ("Charges", ["Agency", "Quarter", "Session date", "Course", "Practitioner",
                     "Charge (£)"], lines),
        ("About", ["Non-attendance charges", str(partnership)],
         [["Business year", year.label], ["Made on", timezone.localdate()]]),
    ])
