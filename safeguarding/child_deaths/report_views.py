"""The CDOP annual report: a page, a PDF and a Word document of the same figures. Held by
whoever may see the CDOP's report (its panel members, the business unit, the partners, the
independent scrutineer): aggregates with small numbers suppressed, naming no case."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView

from safeguarding.accounts.access import PolicyRequiredMixin
from safeguarding.accounts.policy import Action
from safeguarding.child_deaths import report_exports, reporting, selectors
from safeguarding.child_deaths.forms import YearForm
from safeguarding.core.files import PDF, WORD, export_response

TEMPLATE = "child_deaths/annual_report.html"


class CdopAnnualReport(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_CDOP_REPORT
    queryset = selectors.cdops()
    template_name = TEMPLATE
    base_template = "base.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        today = timezone.localdate()
        self.form = YearForm(request.GET or None, today=today)
        self.report = None
        if not self.form.is_bound or self.form.is_valid():
            self.report = reporting.annual_report(self.object, year=self.form.business_year(),
                                                  today=today)
        context = self.get_context_data(object=self.object)
        return self.respond(context) if self.report else self.render_to_response(context)

    def respond(self, context):
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, report=self.report, base_template=self.base_template,
                       has_errors=bool(self.form.errors))
        if self.report is not None:
            context.update(summary=report_exports.summary_rows(self.report),
                           action_rows=report_exports.action_rows(self.report))
        return context

    def filename(self, extension: str) -> str:
        return f"cdop-annual-report-{self.object.pk}-{self.report.year.slug}.{extension}"


class CdopAnnualReportPdf(CdopAnnualReport):
    def respond(self, context):
        html = render_to_string(TEMPLATE, {**context, "printing": True,
                                           "base_template": "print/base.html"},
                                request=self.request)
        return export_response(
            self.request, content=report_exports.annual_report_pdf(html),
            filename=self.filename(PDF.key), content_type=PDF.content_type,
            what=f"CDOP annual report {self.report.year} (PDF)")


class CdopAnnualReportWord(CdopAnnualReport):
    def respond(self, context):
        return export_response(
            self.request, content=report_exports.annual_report_docx(self.report),
            filename=self.filename(WORD.key), content_type=WORD.content_type,
            what=f"CDOP annual report {self.report.year} (Word)")
