"""A cycle's results as an Excel workbook and a PDF: the same figures and words as the page."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from safeguarding.assurance.selectors import Results
from safeguarding.core.documents import pdf_from_html
from safeguarding.core.files import safe_row


def results_xlsx(results: Results) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Ratings"
    sheet.append(safe_row([results.cycle.name, str(results.partnership)]))
    sheet.append(safe_row(["Returns submitted", f"{results.submitted} of {results.invited}"]))
    sheet.append([])
    header = ["Agency", "Status", *[f"{s.number}. {s.title}" for s in results.standards],
              "Open actions", "Evidence held by the platform"]
    sheet.append(safe_row(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in results.rows:
        ratings = []
        for cell in row.cells:
            text = cell.rating.label if cell.rating else "Not rated"
            if cell.answer and cell.answer.agreed_rating:
                text += f" (agreed; self-rated {cell.answer.rating.label})"
            if cell.previous:
                text += f" (was {cell.previous})"
            if cell.flagged:
                text += " (flagged for challenge)"
            ratings.append(text)
        sheet.append(safe_row([str(row.return_form.agency),
                               row.return_form.get_status_display(), *ratings,
                               row.open_actions, "; ".join(row.evidence)]))
    counts = book.create_sheet("By standard")
    counts.append(safe_row(["Standard", *[level.label for level in results.levels]]))
    for standard, row in results.by_standard():
        counts.append(safe_row([f"{standard.number}. {standard.title}", *[n for _, n in row]]))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def results_pdf(results: Results) -> bytes:
    html = render_to_string("assurance/results_print.html", {"results": results})
    return pdf_from_html(html, render_to_string("print/document.css"))
