"""Child death review: notify, respond, ask the agencies, meet, review, export and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from safeguarding.accounts.access import (
    PolicyRequiredMixin,
    RecordFormView,
    get_in_scope,
    require,
)
from safeguarding.accounts.policy import Action, can, scope, standing
from safeguarding.child_deaths import exchange, forms, rules, selectors, services
from safeguarding.child_deaths.models import AgencyReport, ChildDeath
from safeguarding.child_deaths.workflow import CHILD_DEATH_WORKFLOW
from safeguarding.core import workflow as engine
from safeguarding.core.files import CSV, export_response, validate_upload
from safeguarding.core.forms import add_service_errors
from safeguarding.core.versioning import EditConflict
from safeguarding.reviews.selectors import notifying_agencies


class ChildDeathList(PolicyRequiredMixin, ListView):
    """The cases a person may see; `?status=ready` is the CDOP's list of cases ready for review."""

    action = Action.VIEW_CASE
    scoped_list = True
    model = ChildDeath
    template_name = "child_deaths/case_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.child_death_list(super().get_queryset(), **self.filters())

    def filters(self):
        get = self.request.GET
        return {"status": get.get("status", ""), "year": get.get("year", ""),
                "overdue": get.get("overdue") == "yes"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        context.update(
            filters=self.filters(), statuses=ChildDeath.Status.choices, today=today,
            can_notify=can(user, Action.NOTIFY_CHILD_DEATH),
            can_import=can(user, Action.IMPORT_CHILD_DEATHS),
            reports=scope(user, Action.VIEW_CDOP_REPORT, selectors.cdops()).order_by("name"),
            overdue_ids=selectors.overdue_ids([d.pk for d in context["object_list"]], today),
        )
        return context


class ChildDeathCreate(PolicyRequiredMixin, FormView):
    """The notification of a child's death to the CDOP."""

    action = Action.NOTIFY_CHILD_DEATH
    form_class = forms.NotificationForm
    template_name = "child_deaths/notification_form.html"

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(),
                "partnerships": scope(user, Action.NOTIFY_CHILD_DEATH,
                                      selectors.partnerships()),
                "agencies": notifying_agencies(
                    agency_ids=standing(user).agencies_for(Action.NOTIFY_CHILD_DEATH),
                    partnership_ids=standing(user).partnerships_for(Action.NOTIFY_CHILD_DEATH))}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            death = services.child_death_notify(
                by=self.request.user, partnership=data.pop("partnership"),
                notifying_agency=data.pop("notifying_agency"), **data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, f"Notification sent to the CDOP: case {death.reference}")
        if selectors.possible_duplicates(death, ChildDeath.objects.all()).exists():
            messages.warning(self.request, rules.POSSIBLE_DUPLICATE)
        return redirect(death)


class ChildDeathDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_CASE
    model = ChildDeath
    log_views = True
    template_name = "child_deaths/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        death, user = self.object, self.request.user
        visible = scope(user, Action.VIEW_CASE, ChildDeath.objects.all())
        context.update(
            moves=[m for m in engine.available_moves(CHILD_DEATH_WORKFLOW, death, user)
                   if m.name != "merge"],
            timeline=[(event, _move_label(event.move),
                       CHILD_DEATH_WORKFLOW.state_label(event.to_state))
                      for event in engine.history(death)],
            deadlines=selectors.deadlines_of(death),
            reports=death.agency_reports.select_related("agency"),
            factors=death.factors.all(),
            actions=selectors.actions_of(death),
            duplicates=selectors.possible_duplicates(death, visible),
            merged=visible.filter(merged_into=death).order_by("pk"),
            today=timezone.localdate(),
            can_edit=can(user, Action.EDIT_CASE, death),
            can_move=can(user, Action.MOVE_CASE, death),
            can_members=can(user, Action.MANAGE_CASE_MEMBERS, death),
        )
        return context


def _move_label(name: str) -> str:
    if name == "import":
        return "Imported from a file"
    return CHILD_DEATH_WORKFLOW.move(name).label


class ChildDeathMove(PolicyRequiredMixin, View):
    """One button of the workflow: the table decides what is allowed; a refusal says why."""

    action = Action.VIEW_CASE

    def post(self, request, pk):
        death = get_in_scope(request, Action.VIEW_CASE, ChildDeath, pk)
        move = request.POST.get("move", "")
        try:
            services.child_death_move(death=death, move=move, by=request.user)
        except engine.MoveRefused as refused:
            messages.error(request, str(refused))
        except PermissionDenied:
            messages.error(request, "You do not have permission to do that.")
        else:
            label = CHILD_DEATH_WORKFLOW.move(move).label
            messages.success(request, f"Done: {engine.lower_first(label)}")
        return redirect(death)


STAGES = {
    "joint-agency-response": (
        "The Joint Agency Response",
        "For an unexpected death: the initial information-sharing and planning meeting, usually "
        "the next working day, and what each agency did."),
    "review-meeting": (
        "The Child Death Review Meeting",
        "The professionals involved with the child meet, with at least one month's notice, and "
        "not before the post-mortem report is available."),
    "analysis": (
        "The CDOP's analysis",
        "The category of death, whether there were modifiable factors, and the learning. The "
        "contributory factors and the actions are added from the case's page."),
}


class ChildDeathStage(RecordFormView):
    """Record what one stage found, with a version check."""

    action = Action.EDIT_CASE
    model = ChildDeath
    template_name = "child_deaths/stage_form.html"

    def stage(self):
        if self.kwargs["stage"] not in STAGES:
            raise Http404("No such stage")
        return STAGES[self.kwargs["stage"]]

    def get_form_class(self):
        self.stage()
        return forms.STAGE_FORMS[self.kwargs["stage"]]

    def get_initial(self):
        return {name: getattr(self.object, name) for name in self.get_form_class().base_fields}

    def get_context_data(self, **kwargs):
        title, intro = self.stage()
        return super().get_context_data(stage_title=title, stage_intro=intro, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data = {k: "" if v is None and not self.object._meta.get_field(k).null else v
                for k, v in data.items()}
        try:
            services.child_death_record(death=self.object, expected_version=version,
                                        by=self.request.user, **data)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Saved")
        return redirect(self.object)


class ReportRequestCreate(RecordFormView):
    action = Action.EDIT_CASE
    model = ChildDeath
    form_class = forms.ReportRequestForm
    template_name = "child_deaths/report_request_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": selectors.partnership_agencies(self.object.partnership)}

    def form_valid(self, form):
        try:
            services.agency_report_request(death=self.object, by=self.request.user,
                                           **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Reporting form requested")
        return redirect(self.object)


class AgencyReportDetail(RecordFormView):
    """An agency's own reporting form: its lead writes it, and sees nothing else of the case."""

    action = Action.VIEW_REQUEST
    model = AgencyReport
    form_class = forms.ReportForm
    template_name = "child_deaths/report_detail.html"
    log_views = True

    def get_queryset(self):
        return super().get_queryset().select_related("child_death", "agency")

    def get_initial(self):
        return {name: getattr(self.object, name) for name in services.REPORT_PARTS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_write=can(self.request.user, Action.ANSWER_REQUEST, self.object), **kwargs)

    def form_valid(self, form):
        require(self.request, Action.ANSWER_REQUEST, self.object)
        submit = "submit" in self.request.POST
        try:
            services.agency_report_write(report=self.object, by=self.request.user,
                                         submit=submit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Reporting form sent" if submit
                         else "Reporting form saved. You can finish it later.")
        return redirect("child_deaths:report-detail", pk=self.object.pk)


class FactorAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = ChildDeath
    form_class = forms.FactorForm
    template_name = "child_deaths/factor_form.html"

    def form_valid(self, form):
        try:
            services.factor_add(death=self.object, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Contributory factor added")
        return redirect(self.object)


class CdopActionAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = ChildDeath
    form_class = forms.ActionForm
    template_name = "child_deaths/action_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": selectors.partnership_agencies(self.object.partnership)}

    def form_valid(self, form):
        try:
            services.cdop_action_add(death=self.object, by=self.request.user,
                                     **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Action added to the action tracker")
        return redirect(self.object)


class ChildDeathMerge(RecordFormView):
    """The CDOP's decision that this notification is of a child already notified."""

    action = Action.MOVE_CASE
    model = ChildDeath
    form_class = forms.MergeForm
    template_name = "child_deaths/merge_form.html"

    def get_form_kwargs(self):
        visible = scope(self.request.user, Action.MOVE_CASE, ChildDeath.objects.all())
        return {**super().get_form_kwargs(),
                "candidates": selectors.possible_duplicates(self.object, visible)}

    def form_valid(self, form):
        try:
            services.child_death_merge(duplicate=self.object, into=form.cleaned_data["into"],
                                       by=self.request.user)
        except engine.MoveRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        into = form.cleaned_data["into"]
        messages.success(self.request, f"Merged into {into.reference}. This notification is "
                                       "kept, and shown on that case.")
        return redirect(into)


class ChildDeathMemberAdd(RecordFormView):
    action = Action.MANAGE_CASE_MEMBERS
    model = ChildDeath
    form_class = forms.MemberForm
    template_name = "child_deaths/member_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "people": selectors.member_candidates(self.object)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=self.object.members.order_by("full_name"),
                                        **kwargs)

    def form_valid(self, form):
        services.member_add(death=self.object, user=form.cleaned_data["user"],
                            by=self.request.user)
        messages.success(self.request, f"{form.cleaned_data['user']} can now see this case")
        return redirect(self.object)


JSON_TYPE = "application/json"


class ChildDeathExport(PolicyRequiredMixin, View):
    """The case in the documented layout (JSON or CSV), as a download; every export is logged."""

    action = Action.VIEW_CASE

    def get(self, request, pk, fmt):
        death = get_in_scope(request, Action.VIEW_CASE, ChildDeath, pk)
        data = exchange.case_export(death)
        if fmt == "json":
            content, content_type = exchange.to_json(data), JSON_TYPE
        else:
            content, content_type = exchange.to_csv(data), CSV.content_type
        return export_response(request, content=content, content_type=content_type,
                               filename=f"child-death-{death.reference}.{fmt}", record=death,
                               what=f"Child death review data ({fmt.upper()})")


class ChildDeathImport(PolicyRequiredMixin, FormView):
    """A case from another system, in the same layout as the export."""

    action = Action.IMPORT_CHILD_DEATHS
    form_class = forms.ImportForm
    template_name = "child_deaths/import_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnerships": scope(
            self.request.user, Action.IMPORT_CHILD_DEATHS, selectors.partnerships())}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            validate_upload(upload, (CSV,))  # text, within the size limit
            death = exchange.case_import(content=upload.read(), by=self.request.user,
                                         partnership=form.cleaned_data["partnership"],
                                         today=timezone.localdate())
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        messages.success(self.request, f"Imported case {death.reference}")
        return redirect(death)
