"""The safeguarding partners' yearly report: the business unit drafts it from the platform's
data, rewrites each section's narrative, refreshes the figures while it is a draft, publishes
it and records where it was sent; the partners and the scrutineer read the drafts; the public
reads the published report, its PDF and its Word document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from safeguarding.accounts.access import PolicyRequiredMixin, PublicView
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.files import PDF, WORD, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.core.versioning import EditConflict
from safeguarding.intelligence import forms, report_exports, selectors, services
from safeguarding.intelligence.models import ReportSection, YearlyReport
from safeguarding.intelligence.views import FormPage, PartnershipForm, PartnershipPage


class YearlyReportList(PartnershipPage):
    """The partnership's yearly reports, drafts and published."""

    template_name = "intelligence/yearly_report_list.html"

    def get_context_data(self, **kwargs):
        reports = scope(self.request.user, Action.VIEW_INTELLIGENCE,
                        YearlyReport.objects.filter(partnership=self.object))
        return super().get_context_data(reports=selectors.yearly_report_list(reports),
                                        can_manage=self.manage_links(), **kwargs)


class YearlyReportCreate(PartnershipForm):
    form_class = forms.YearlyReportForm
    title, submit = "Start a yearly report", "Build the draft report"
    intro = ("The draft's sections are filled in from the platform's data for the year: the "
             "arrangements, the business plan, reviews, child deaths, self-assessments and "
             "audits, training, safeguarding data, the voice of children, scrutiny, "
             "disagreements and the budget. You then write each section's narrative.")

    def back(self) -> str:
        return reverse("intelligence:yearly-reports", args=[self.object.slug])

    def get_initial(self):
        return {"year": BusinessYear.of(timezone.localdate()).previous().label}

    def form_valid(self, form):
        made = []
        response = self.save_through(form, lambda: made.append(services.yearly_report_build(
            partnership=self.object, year=form.cleaned_data["year"], by=self.request.user)),
            done="Draft report built from the platform's data")
        return redirect(made[0]) if made else response


class ReportPage(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_INTELLIGENCE
    model = YearlyReport
    context_object_name = "report"

    def get_queryset(self):
        return super().get_queryset().select_related("partnership", "built_by", "published_by")


class YearlyReportDetail(ReportPage):
    """The report with every section, and what the business unit may do next."""

    template_name = "intelligence/yearly_report_detail.html"

    def get_context_data(self, **kwargs):
        report = self.object
        can_manage = can(self.request.user, Action.MANAGE_INTELLIGENCE, report)
        return super().get_context_data(
            sections=selectors.report_sections(report), deadlines=selectors.deadlines_of(report),
            can_edit=can_manage and not report.is_published, can_manage=can_manage, **kwargs)


class YearlyReportRefresh(PolicyRequiredMixin, SingleObjectMixin, View):
    """Take the draft's figures again from today's data (its narratives stay)."""

    action = Action.MANAGE_INTELLIGENCE
    model = YearlyReport

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            services.yearly_report_refresh(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Figures taken again from today's data")
        return redirect(report)


class ReportSectionEdit(FormPage):
    """A section's narrative, with its figures above it and its earlier versions below."""

    action = Action.MANAGE_INTELLIGENCE
    model = ReportSection
    form_class = forms.NarrativeForm
    template_name = "intelligence/section_edit.html"
    title, submit = "Change the narrative", "Save the narrative"

    def get_queryset(self):
        return super().get_queryset().select_related("report__partnership")

    def back(self) -> str:
        return self.object.get_absolute_url()

    def get_initial(self):
        return {"version": self.object.version, "narrative": self.object.narrative}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "title": self.object.title}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            caption=f"{self.object.report} · section {self.object.order}",
            history=selectors.narrative_history(self.object), **kwargs)

    def form_valid(self, form):
        try:
            services.report_section_narrative_save(
                section=self.object, narrative=form.cleaned_data["narrative"],
                expected_version=form.cleaned_data["version"], by=self.request.user)
        except EditConflict as conflict:
            # Their version is listed below the form; saving again replaces it with this one.
            self.object = conflict.record
            data = form.data.copy()
            data["version"] = conflict.record.version
            form = self.get_form_class()(data, title=self.object.title)
            form.is_valid()
            form.add_error("narrative", conflict.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, f"Narrative of “{self.object.title}” saved")
        return redirect(self.back())


class YearlyReportPublish(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = YearlyReport
    form_class = forms.PublishForm
    title, submit = "Publish the yearly report", "Publish the report"
    intro = ("Publishing puts the report on the partnership's public site and freezes it: its "
             "figures and narratives cannot change after. It must then be sent to the Child "
             "Safeguarding Practice Review Panel and the What Works centre within 7 days.")

    def form_valid(self, form):
        return self.save_through(form, lambda: services.yearly_report_publish(
            report=self.object, by=self.request.user, **form.cleaned_data),
            done="Report published on the public site")


class YearlyReportSent(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = YearlyReport
    form_class = forms.SentForm
    title, submit = "Record where the report was sent", "Save the dates"
    intro = ("The report goes to the Child Safeguarding Practice Review Panel (the National "
             "Panel) and the What Works centre within 7 days of publication. Enter the date "
             "for each, now or when it is sent.")

    def get_initial(self):
        return {"sent_to_panel_on": self.object.sent_to_panel_on,
                "sent_to_what_works_on": self.object.sent_to_what_works_on}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.yearly_report_sent_record(
            report=self.object, by=self.request.user, **form.cleaned_data),
            done="Dates saved")


def _filename(report: YearlyReport, extension: str) -> str:
    return f"{report.partnership.slug}-yearly-report-{report.year_slug}.{extension}"


class YearlyReportPdf(ReportPage):
    def render_to_response(self, context, **response_kwargs):
        report = self.object
        content = report_exports.yearly_report_pdf(report, selectors.report_sections(report),
                                                   request=self.request)
        return export_response(self.request, content=content, filename=_filename(report, "pdf"),
                               content_type=PDF.content_type, record=report,
                               what=f"{report} (PDF)")


class YearlyReportWord(ReportPage):
    def render_to_response(self, context, **response_kwargs):
        report = self.object
        content = report_exports.yearly_report_docx(report, selectors.report_sections(report))
        return export_response(self.request, content=content,
                               filename=_filename(report, "docx"),
                               content_type=WORD.content_type, record=report,
                               what=f"{report} (Word)")


# -- the public site ------------------------------------------------------------------------------


class PublicYearlyReports(PublicView, TemplateView):
    template_name = "intelligence/public_yearly_reports.html"

    def get_context_data(self, **kwargs):
        from safeguarding.engagement.selectors import partnership_by_slug

        partnership = partnership_by_slug(kwargs["slug"])
        if partnership is None:
            raise Http404("No such partnership")
        return super().get_context_data(
            partnership=partnership,
            reports=selectors.published_yearly_reports(partnership.slug, timezone.localdate()),
            **kwargs)


class PublicYearlyReport(PublicView, TemplateView):
    """A published report, as it was published."""

    template_name = "intelligence/public_yearly_report.html"

    def report(self) -> YearlyReport:
        try:
            year = BusinessYear.parse(self.kwargs["year"]).label
        except ValueError:
            raise Http404("No such year") from None
        found = selectors.published_yearly_reports(self.kwargs["slug"], timezone.localdate()) \
            .filter(year=year).first()
        if found is None:
            raise Http404("No such published report")
        return found

    def get_context_data(self, **kwargs):
        report = self.report()
        return super().get_context_data(report=report, partnership=report.partnership,
                                        sections=selectors.report_sections(report), **kwargs)


class PublicYearlyReportPdf(PublicYearlyReport):
    def get(self, request, *args, **kwargs):
        report = self.report()
        return _download(report_exports.yearly_report_pdf(
            report, selectors.report_sections(report), request=request),
            _filename(report, "pdf"), PDF.content_type)


class PublicYearlyReportWord(PublicYearlyReport):
    def get(self, request, *args, **kwargs):
        report = self.report()
        return _download(report_exports.yearly_report_docx(
            report, selectors.report_sections(report)), _filename(report, "docx"),
            WORD.content_type)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """Published material as a download (not logged: anyone may read it)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
