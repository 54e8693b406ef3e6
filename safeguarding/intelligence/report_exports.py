"""The yearly report as a PDF and as a Word document, with the same figures as its page: the
PDF is the page's sections in the print template; the Word document is built from the same
stored sections with python-docx (each chart as its table of figures)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from safeguarding.core.documents import pdf_from_html

TEMPLATE = "intelligence/yearly_report_print.html"


def yearly_report_pdf(report, sections, request=None) -> bytes:
    html = render_to_string(TEMPLATE, {"report": report, "sections": sections},
                            request=request)
    return pdf_from_html(html, render_to_string("print/document.css")
                         + render_to_string("intelligence/yearly_report_print.css"))


def _table(document, caption: str, head: list[str], rows: list[list[str]]) -> None:
    document.add_paragraph(caption, style="Heading 3")
    if not rows:
        document.add_paragraph("None in the year.")
        return
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=False):
            cell.text = str(text)


def yearly_report_docx(report, sections) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = report.title
    document.add_heading(report.title, level=1)
    document.add_paragraph(_status_line(report))
    for section in sections:
        figures = section.figures
        document.add_heading(f"{section.order}. {section.title}", level=2)
        for block in section.narrative.replace("\r\n", "\n").split("\n\n"):
            if block.strip():
                document.add_paragraph(block.strip())
        if figures.get("facts"):
            _table(document, f"{section.title}: the figures", ["Figure", "Number"],
                   figures["facts"])
        for table in figures.get("tables", []):
            _table(document, table["caption"], table["head"], table["rows"])
        for chart in figures.get("charts", []):
            _table(document, chart["caption"], ["Period", "Figure"],
                   [[label, text] for label, _, text in chart["points"]])
        for note in figures.get("notes", []):
            document.add_paragraph(note)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _status_line(report) -> str:
    if report.published_on:
        return (f"Business year {report.year} (1 April {report.year[:4]} to 31 March "
                f"{int(report.year[:4]) + 1}). Published on {report.published_on:%-d %B %Y}.")
    from django.utils import timezone

    return (f"Business year {report.year}. Draft: figures taken on "
            f"{timezone.localtime(report.built_at):%-d %B %Y}; not published.")
