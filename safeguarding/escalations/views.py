"""Practitioner disagreements: raise one, follow it stage by stage to its resolution, and the
partnership's report of them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView
from safeguarding.accounts.policy import Action, can, scope, standing
from safeguarding.core import workflow as engine
from safeguarding.core.files import export_response, safe_row
from safeguarding.core.forms import add_service_errors
from safeguarding.core.services import partnership_calendar
from safeguarding.escalations import forms, rules, selectors, services
from safeguarding.escalations.models import Escalation
from safeguarding.escalations.workflow import ESCALATION_WORKFLOW
from safeguarding.partnership.models import Partnership


class EscalationList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_ESCALATION
    scoped_list = True  # the practitioner who raised one sees it here, whatever else they hold
    model = Escalation
    template_name = "escalations/escalation_list.html"
    paginate_by = 50

    def get_queryset(self):
        get = self.request.GET
        return selectors.escalation_list(
            super().get_queryset(), status=get.get("status", ""),
            overdue_on=timezone.localdate() if get.get("overdue") == "yes" else None)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            today=timezone.localdate(), statuses=Escalation.Status.choices,
            status=self.request.GET.get("status", ""),
            overdue=self.request.GET.get("overdue") == "yes",
            can_raise=can(user, Action.RAISE_ESCALATION),
            reportable=scope(user, Action.VIEW_ESCALATION_REPORT, Partnership.objects.all()),
            **kwargs)


class EscalationCreate(PolicyRequiredMixin, FormView):
    action = Action.RAISE_ESCALATION
    form_class = forms.EscalationForm
    template_name = "escalations/escalation_form.html"

    def get_form_kwargs(self):
        held = standing(self.request.user)
        agency_ids = held.agencies_for(Action.RAISE_ESCALATION)
        partnership_ids = held.partnerships_for(Action.RAISE_ESCALATION)
        partnerships = selectors.partnerships_of(agency_ids=agency_ids,
                                                 partnership_ids=partnership_ids)
        return {**super().get_form_kwargs(), "partnerships": partnerships,
                "raising_agencies": selectors.raising_agencies(
                    agency_ids=agency_ids, partnership_ids=partnership_ids),
                "other_agencies": selectors.raising_agencies(
                    agency_ids=[], partnership_ids=partnerships.values("pk"))}

    def form_valid(self, form):
        try:
            escalation = services.escalation_raise(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        stage = escalation.stage
        messages.success(self.request, f"Disagreement recorded at stage {stage.number}: "
                                       f"{stage.name.lower()}")
        return redirect(escalation)


class EscalationDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ESCALATION
    model = Escalation
    log_views = True  # about a child: every view is in the access log
    template_name = "escalations/escalation_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("partnership", "raising_agency",
                                                     "other_agency", "stage", "raised_by")

    def get_context_data(self, **kwargs):
        escalation, today = self.object, timezone.localdate()
        return super().get_context_data(
            today=today, steps=selectors.steps_of(escalation),
            overdue=escalation.is_overdue(today),
            can_record=escalation.status == Escalation.Status.OPEN
            and can(self.request.user, Action.RESOLVE_ESCALATION, escalation),
            timeline=[(event, ESCALATION_WORKFLOW.move(event.move).label)
                      for event in engine.history(escalation)],
            **kwargs)


class StageOutcome(RecordFormView):
    """Record the outcome of the current stage: resolved, or escalated to the next stage."""

    action = Action.RESOLVE_ESCALATION
    model = Escalation
    log_views = True
    form_class = forms.OutcomeForm
    template_name = "escalations/outcome_form.html"

    def following(self):
        return rules.next_stage(selectors.stages_of(self.object.partnership), self.object.stage)

    def get(self, request, *args, **kwargs):
        if self.object.status != Escalation.Status.OPEN:
            raise Http404("This disagreement is resolved")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "following": self.following()}

    def get_initial(self):
        following = self.following()
        return {"version": self.object.version, "outcome_on": timezone.localdate(),
                "to_stage": following.number if following else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            step=self.object.steps.filter(stage=self.object.stage).first(),
            today=timezone.localdate(), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return self.save_through(form, lambda: services.stage_outcome_record(
            escalation=self.object, by=self.request.user, expected_version=version, **data),
            done="Disagreement resolved" if data["next_step"] == "resolve"
            else "Escalated to the next stage")


class EscalationReport(PolicyRequiredMixin, DetailView):
    """The partnership's aggregates: no child's case is named, so partners and scrutineers read
    it without seeing any disagreement."""

    action = Action.VIEW_ESCALATION_REPORT
    model = Partnership
    template_name = "escalations/report.html"

    def report(self):
        return selectors.escalation_report(
            self.object, today=timezone.localdate(),
            calendar=partnership_calendar(self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report(), **kwargs)


class EscalationReportExcel(EscalationReport):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return export_response(
            request, content=report_workbook(self.object, self.report()),
            filename=f"{self.object.slug}-practitioner-disagreements.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            what=f"Practitioner disagreements report: {self.object.short_name}")


def report_workbook(partnership, report) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet.append(safe_row([f"Practitioner disagreements: {partnership.name}"]))
    for label, value in (("Raised", report.total), ("Open", report.open),
                         ("Resolved", report.resolved),
                         ("Resolved within the stages' targets", report.resolved_within_target),
                         ("Median working days to resolution", report.median_working_days)):
        sheet.append(safe_row([label, value]))
    stages = book.create_sheet("Stages")
    stages.append(["Stage", "Target (working days)", "Reached", "Resolved at this stage",
                   "Outcome on time", "Outcome late", "Open and overdue"])
    for row in report.stages:
        stages.append(safe_row([f"{row.stage.number}. {row.stage.name}",
                                row.stage.target_working_days, row.reached, row.resolved_here,
                                row.on_time, row.late, row.open_overdue]))
    pairs = book.create_sheet("Agencies")
    pairs.append(["Agency", "Agency", "Disagreements"])
    for first, second, count in report.pairs:
        pairs.append(safe_row([first, second, count]))
    themes = book.create_sheet("Themes")
    themes.append(["Theme", "Disagreements"])
    for label, count in report.themes:
        themes.append(safe_row([label, count]))
    quarters = book.create_sheet("Progress")
    quarters.append(["Quarter", "Raised", "Resolved"])
    for label, raised, resolved in report.by_quarter:
        quarters.append(safe_row([label, raised, resolved]))
    out = BytesIO()
    book.save(out)
    return out.getvalue()
