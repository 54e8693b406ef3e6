"""Safeguarding data: each partnership's dashboard and exceptions, an indicator's trend and
breakdowns, the indicator sets with their templates, and imports of figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, TemplateView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.core.charts import Point, line_chart
from safeguarding.core.files import CSV, EXCEL, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import ActionItem
from safeguarding.core.suppression import SUPPRESSION_NOTE
from safeguarding.intelligence import exports, forms, rules, selectors, services
from safeguarding.intelligence.models import (
    BudgetLine,
    Contribution,
    DataImport,
    Indicator,
    IndicatorSet,
    Priority,
    Risk,
)
from safeguarding.partnership.models import Partnership


class FormPage(RecordFormView):
    """A form about one record, on the shared form page."""

    template_name = "intelligence/form.html"
    title = submit = intro = ""

    def get_context_data(self, **kwargs):
        context = {"title": self.title, "submit": self.submit or "Save", "intro": self.intro,
                   "caption": str(self.object), "back": self.back()}
        return super().get_context_data(**{**context, **kwargs})

    def back(self) -> str:
        return self.object.get_absolute_url()


def _indicators(user, partnership):
    return selectors.indicator_list(
        partnership, scope(user, Action.VIEW_INTELLIGENCE, Indicator.objects.all()))


class IntelligenceHome(PolicyRequiredMixin, TemplateView):
    """The partnerships whose data the person may read."""

    action = Action.VIEW_INTELLIGENCE
    template_name = "intelligence/home.html"

    def get_context_data(self, **kwargs):
        partnerships = scope(self.request.user, Action.VIEW_INTELLIGENCE,
                             Partnership.objects.all()).order_by("name")
        return super().get_context_data(partnerships=partnerships, **kwargs)


class PartnershipPage(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_INTELLIGENCE
    model = Partnership
    context_object_name = "partnership"

    def manage_links(self) -> bool:
        return can(self.request.user, Action.MANAGE_INTELLIGENCE, self.object)


class Dashboard(PartnershipPage):
    """Each indicator's latest figure against the period before and its target, by set."""

    template_name = "intelligence/dashboard.html"

    def get_context_data(self, **kwargs):
        found = selectors.figures(_indicators(self.request.user, self.object))
        sets: dict[IndicatorSet, list] = {}
        for figure in found:
            sets.setdefault(figure.indicator.indicator_set, []).append(figure)
        indicator_sets = scope(self.request.user, Action.VIEW_INTELLIGENCE,
                               self.object.indicator_sets.all())
        return super().get_context_data(
            sets=sets, indicator_sets=indicator_sets,
            exceptions=sum(f.is_exception for f in found), can_manage=self.manage_links(),
            **kwargs)


class Exceptions(PartnershipPage):
    """For the performance group: the indicators outside the tolerance of their target."""

    template_name = "intelligence/exceptions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.exceptions(_indicators(self.request.user, self.object)),
            **kwargs)


class IndicatorSetCreate(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = Partnership
    form_class = forms.IndicatorSetForm
    title, submit = "Add an indicator set", "Add the set"
    intro = "Indicators reported together, in one file. Each set has its own template."

    def back(self) -> str:
        return reverse("intelligence:dashboard", args=[self.object.slug])

    def form_valid(self, form):
        made = []
        response = self.save_through(form, lambda: made.append(services.indicator_set_create(
            partnership=self.object, by=self.request.user, **form.cleaned_data)),
            done="Indicator set added: now add its indicators")
        return redirect(made[0]) if made else response


class IndicatorSetDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_INTELLIGENCE
    model = IndicatorSet
    template_name = "intelligence/set_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("partnership")

    imports_shown = 10  # the latest; the rest on asking ("?imports=all")

    def get_context_data(self, **kwargs):
        can_manage = can(self.request.user, Action.MANAGE_INTELLIGENCE, self.object)
        all_imports = self.request.GET.get("imports") == "all"
        imports = []
        if can_manage:
            found = selectors.imports_of(self.object)
            imports = list(found if all_imports else found[:self.imports_shown + 1])
        more = not all_imports and len(imports) > self.imports_shown
        return super().get_context_data(
            indicators=self.object.indicators.select_related("owner_agency"),
            imports=imports[:self.imports_shown] if more else imports,
            more_imports=more, all_imports=all_imports, can_manage=can_manage, **kwargs)


class IndicatorCreate(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = IndicatorSet
    form_class = forms.IndicatorForm
    title, submit = "Add an indicator", "Add the indicator"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": self.object.partnership.agencies.order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.indicator_create(
            indicator_set=self.object, by=self.request.user, **form.cleaned_data),
            done="Indicator added")


class IndicatorEdit(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = Indicator
    form_class = forms.IndicatorForm
    title, submit = "Change the indicator", "Save the changes"
    intro = ("Figures already imported stay as they are. Changing the code changes the name "
             "the indicator needs in files from now on.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": self.object.partnership.agencies.order_by("name")}

    def get_initial(self):
        i = self.object
        return {"name": i.name, "code": i.code, "definition": i.definition,
                "owner_agency": i.owner_agency, "unit": i.unit, "polarity": i.polarity,
                "target": i.target, "tolerance": i.tolerance, "frequency": i.frequency,
                "breakdowns": i.breakdowns}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.indicator_update(
            indicator=self.object, by=self.request.user, **form.cleaned_data),
            done="Indicator changed")


class IndicatorDetail(PolicyRequiredMixin, DetailView):
    """An indicator's trend (chart and table), its breakdowns and its areas compared."""

    action = Action.VIEW_INTELLIGENCE
    model = Indicator
    template_name = "intelligence/indicator_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("partnership", "indicator_set",
                                                     "owner_agency")

    def get_context_data(self, **kwargs):
        indicator = self.object
        rows = selectors.trend(indicator)
        figure = selectors.figures([indicator])[0]
        tables = selectors.breakdowns(indicator, figure.period, figure.previous_period)
        chart = line_chart([Point(rules.short_label(r.period, indicator.frequency), r.value)
                            for r in rows], title=indicator.name, target=indicator.target,
                           suffix="%" if indicator.unit == Indicator.Unit.PERCENT else ""
                           ) if rows else ""
        return super().get_context_data(
            rows=rows, figure=figure, chart=chart,
            areas=next((t for t in tables if t.key == Indicator.Breakdown.LOCALITY), None),
            characteristics=[t for t in tables if t.key != Indicator.Breakdown.LOCALITY],
            suppression_note=SUPPRESSION_NOTE,
            can_manage=can(self.request.user, Action.MANAGE_INTELLIGENCE, indicator), **kwargs)


class TemplateCsv(PolicyRequiredMixin, DetailView):
    """The set's import template, ready to fill in."""

    action = Action.MANAGE_INTELLIGENCE
    model = IndicatorSet

    def render_to_response(self, context, **response_kwargs):
        return export_response(self.request, content=exports.template_csv(self.object),
                               filename=f"{slugify(self.object.name)}-template.csv",
                               content_type=CSV.content_type,
                               what=f"Import template of {self.object}")


class TemplateExcel(TemplateCsv):
    def render_to_response(self, context, **response_kwargs):
        return export_response(self.request, content=exports.template_xlsx(self.object),
                               filename=f"{slugify(self.object.name)}-template.xlsx",
                               content_type=EXCEL.content_type,
                               what=f"Import template of {self.object}")


class DataImportCreate(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = IndicatorSet
    form_class = forms.DataImportForm
    template_name = "intelligence/import_form.html"

    def form_valid(self, form):
        try:
            record = services.data_import_start(indicator_set=self.object,
                                                upload=form.cleaned_data["file"],
                                                by=self.request.user)
        except ValidationError as error:
            add_service_errors(ValidationError({"file": error.messages}), form)
            return self.form_invalid(form)
        if record.status == DataImport.Status.IMPORTED:
            messages.success(self.request, f"Imported {record.values_added} figures")
        return redirect(record)


class DataImportDetail(PolicyRequiredMixin, DetailView):
    """How an import went: its progress while it runs; every bad row if it was refused, with
    the form to upload a corrected file; what it added and replaced if it was imported."""

    action = Action.MANAGE_INTELLIGENCE
    model = DataImport
    template_name = "intelligence/import_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("indicator_set__partnership",
                                                     "uploaded_by")

    def get_context_data(self, **kwargs):
        record = self.object
        refused = record.status == DataImport.Status.REFUSED
        return super().get_context_data(
            form=forms.DataImportForm() if refused else None, has_errors=refused,
            replaced=selectors.replaced_values(record)[:200]
            if record.status == DataImport.Status.IMPORTED else [],
            **kwargs)


# -- the business plan -----------------------------------------------------------------------------


class BusinessPlan(PartnershipPage):
    """The partnership's priorities by year, each with its actions and their RAG status."""

    template_name = "intelligence/plan.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        priorities = scope(user, Action.VIEW_INTELLIGENCE,
                           Priority.objects.filter(partnership=self.object))
        actions = scope(user, Action.VIEW_ACTION, ActionItem.objects.all())
        plan = selectors.business_plan(priorities, actions, timezone.localdate())
        years: dict[str, list] = {}
        for item in plan:
            years.setdefault(item.priority.year, []).append(item)
        return super().get_context_data(years=years, can_manage=self.manage_links(), **kwargs)


class PriorityAdd(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = Partnership
    form_class = forms.PriorityForm
    title, submit = "Add a priority", "Add the priority"

    def back(self) -> str:
        return reverse("intelligence:plan", args=[self.object.slug])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agencies": self.object.agencies.order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.priority_add(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Priority added", then=self.back())


class PriorityActionAdd(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = Priority
    form_class = forms.PriorityActionForm
    title, submit = "Add an action to the business plan", "Add the action"
    intro = "The action goes to the partnership's shared tracker, owned by the agency chosen."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": self.object.partnership.agencies.order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.priority_action_add(
            priority=self.object, by=self.request.user, **form.cleaned_data),
            done="Action added", then=self.back())


# -- the budget -----------------------------------------------------------------------------------


def _this_year() -> str:
    from safeguarding.core.business_year import BusinessYear

    return BusinessYear.of(timezone.localdate()).label


class BudgetPage(PartnershipPage):
    """A year's budget: contributions by partner, expenditure lines and spend by quarter."""

    template_name = "intelligence/budget.html"

    def get_context_data(self, **kwargs):
        from safeguarding.core.business_year import BusinessYear

        user = self.request.user
        try:
            year = BusinessYear.parse(self.request.GET.get("year", "")).label
        except ValueError:
            year = _this_year()
        contributions = scope(user, Action.VIEW_INTELLIGENCE,
                              Contribution.objects.filter(partnership=self.object))
        lines = scope(user, Action.VIEW_INTELLIGENCE,
                      BudgetLine.objects.filter(partnership=self.object))
        years = [(label, label.replace("/", "-")) for label in sorted(
            {*contributions.values_list("year", flat=True),
             *lines.values_list("year", flat=True), year}, reverse=True)]
        return super().get_context_data(
            budget=selectors.budget(contributions, lines, year), years=years,
            can_manage=self.manage_links(), **kwargs)


class PartnershipForm(FormPage):
    """A form that adds a record to a partnership's budget or risk register."""

    action = Action.MANAGE_INTELLIGENCE
    model = Partnership
    page_name = "intelligence:budget"
    with_agencies = False

    def back(self) -> str:
        return reverse(self.page_name, args=[self.object.slug])

    def get_initial(self):
        return {"year": _this_year()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.with_agencies:
            kwargs["agencies"] = self.object.agencies.order_by("name")
        return kwargs


class ContributionAdd(PartnershipForm):
    form_class = forms.ContributionForm
    with_agencies = True
    title, submit = "Record a partner's contribution", "Save the contribution"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.contribution_set(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Contribution saved", then=self.back())


class BudgetLineAdd(PartnershipForm):
    form_class = forms.BudgetLineForm
    title, submit = "Add a line of expenditure", "Add the line"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.budget_line_add(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Line of expenditure added", then=self.back())


class SpendRecord(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = BudgetLine
    form_class = forms.SpendForm
    title, submit = "Record what was spent", "Save"

    def get_initial(self):
        return {f"q{n}": getattr(self.object, f"q{n}") for n in (1, 2, 3, 4)}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.budget_spend_record(
            line=self.object, by=self.request.user, **form.cleaned_data),
            done="Spending saved")


# -- the risk register ----------------------------------------------------------------------------


class RiskRegister(PartnershipPage):
    template_name = "intelligence/risks.html"

    def get_context_data(self, **kwargs):
        risks = scope(self.request.user, Action.VIEW_INTELLIGENCE,
                      Risk.objects.filter(partnership=self.object))
        return super().get_context_data(risks=selectors.risk_register(risks),
                                        can_manage=self.manage_links(), **kwargs)


class RiskAdd(PartnershipForm):
    form_class = forms.RiskForm
    page_name = "intelligence:risks"
    with_agencies = True
    title, submit = "Add a risk", "Add the risk"

    def get_initial(self):
        return {}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.risk_save(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Risk added", then=self.back())


class RiskEdit(FormPage):
    action = Action.MANAGE_INTELLIGENCE
    model = Risk
    form_class = forms.RiskForm
    title, submit = "Review a risk", "Save the review"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": self.object.partnership.agencies.order_by("name")}

    def get_initial(self):
        risk = self.object
        return {"title": risk.title, "description": risk.description,
                "owner_agency": risk.owner_agency, "likelihood": risk.likelihood,
                "impact": risk.impact, "mitigation": risk.mitigation, "status": risk.status}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.risk_save(
            partnership=self.object.partnership, risk=self.object, by=self.request.user,
            **form.cleaned_data), done="Risk reviewed")
