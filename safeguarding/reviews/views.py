"""Serious incidents and practice reviews: notify, triage, rapid review, decide, review,
publish; and the public pages of published reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from safeguarding.accounts.access import (
    PolicyRequiredMixin,
    PublicView,
    RecordFormView,
    get_in_scope,
    require,
)
from safeguarding.accounts.policy import Action, actions_for, can, scope, standing
from safeguarding.core import workflow as engine
from safeguarding.core.files import download_response, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import Attachment
from safeguarding.partnership.models import Agency, Partnership
from safeguarding.reviews import forms, report_exports, selectors, services
from safeguarding.reviews.models import Incident, InformationRequest, LearningProduct
from safeguarding.reviews.workflow import INCIDENT_WORKFLOW


class IncidentList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_CASE
    scoped_list = True
    model = Incident
    template_name = "reviews/incident_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.incident_list(super().get_queryset(), **self.filters())

    def filters(self):
        get = self.request.GET
        return {"status": get.get("status", ""), "overdue": get.get("overdue") == "yes",
                "year": get.get("year", ""), "agency": get.get("agency", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filters=self.filters(), statuses=Incident.Status.choices,
                       reviewable=scope(self.request.user, Action.VIEW_COMPLIANCE,
                                        Partnership.objects.all()),
                       can_notify=can(self.request.user, Action.NOTIFY_INCIDENT),
                       overdue_ids=selectors.overdue_incident_ids(
                           [i.pk for i in context["object_list"]], timezone.localdate()),
                       today=timezone.localdate())
        return context


class IncidentCreate(PolicyRequiredMixin, FormView):
    """An agency's partnership notification: saved as a draft, then sent."""

    action = Action.NOTIFY_INCIDENT
    form_class = forms.NotificationForm
    template_name = "reviews/notification_form.html"

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(),
                "partnerships": scope(user, Action.NOTIFY_INCIDENT, Partnership.objects.all()),
                "agencies": selectors.notifying_agencies(
                    agency_ids=standing(user).agencies_for(Action.NOTIFY_INCIDENT),
                    partnership_ids=standing(user).partnerships_for(Action.NOTIFY_INCIDENT))}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            incident = services.incident_draft_save(
                by=self.request.user, partnership=data.pop("partnership"),
                notifying_agency=data.pop("notifying_agency"),
                agencies_involved=data.pop("agencies_involved"), **data)
            if "send" in self.request.POST:
                incident = services.incident_submit(incident=incident, by=self.request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        if incident.status == Incident.Status.NOTIFIED:
            return redirect("reviews:incident-sent", pk=incident.pk)
        messages.success(self.request, "Draft saved. Nobody else can see it until you send it.")
        return redirect(incident)


class IncidentSent(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_CASE
    model = Incident
    template_name = "reviews/incident_sent.html"


SIGN_OFF_SHOWN = (Incident.Status.PRACTICE_REVIEW, Incident.Status.FINAL_REPORT_SENT,
                  Incident.Status.PUBLISHED, Incident.Status.NOT_PUBLISHED)


class IncidentDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_CASE
    model = Incident
    log_views = True
    template_name = "reviews/incident_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident, user, today = self.object, self.request.user, timezone.localdate()
        context.update(
            moves=engine.available_moves(INCIDENT_WORKFLOW, incident, user),
            timeline=[(event, INCIDENT_WORKFLOW.move(event.move).label,
                        INCIDENT_WORKFLOW.state_label(event.to_state))
                       for event in engine.history(incident)],
            deadlines=selectors.deadlines_of(incident),
            requests=incident.requests.select_related("agency"),
            recommendations=selectors.recommendations_with_actions(incident),
            reports=selectors.reports_of(incident),
            details=incident.identifying_details.count(),
            sign_offs=selectors.sign_off_status(incident)
            if incident.status in SIGN_OFF_SHOWN else [],
            products=incident.learning_products.all(),
            can_learn=can(user, Action.EDIT_CASE, incident)
            and incident.status in services.LEARNING_STAGES,
            can_draft=incident.status == Incident.Status.DRAFT
            and incident.notified_by_id == user.pk,
            agencies=incident.agencies_involved.all(),
            today=today,
            can_edit=can(user, Action.EDIT_CASE, incident),
            can_members=can(user, Action.MANAGE_CASE_MEMBERS, incident),
            routes=[(v, label) for v, label in Incident.Route.choices
                    if v in ("learning_event", "thematic_review")],
        )
        return context


class IncidentMove(PolicyRequiredMixin, View):
    """One button of the workflow: the table decides what is allowed; a refusal says why."""

    action = Action.VIEW_CASE

    def post(self, request, pk):
        incident = get_in_scope(request, Action.VIEW_CASE, Incident, pk)
        move = request.POST.get("move", "")
        try:
            services.incident_move(incident=incident, move=move, by=request.user,
                                   route=request.POST.get("route", ""))
        except engine.MoveRefused as refused:
            messages.error(request, str(refused))
        except PermissionDenied:
            messages.error(request, "You do not have permission to do that.")
        else:
            if move == "submit":
                return redirect("reviews:incident-sent", pk=incident.pk)
            label = INCIDENT_WORKFLOW.move(move).label
            messages.success(request, f"Done: {engine.lower_first(label)}")
        return redirect(incident)


STAGES = {
    "criteria": (forms.CriteriaForm, "The review group's decision",
                 "Whether the incident meets the criteria for a serious child safeguarding "
                 "incident, and why."),
    "panel": (forms.PanelNotificationForm, "The National Panel notification",
              "The local authority notifies the Child Safeguarding Practice Review Panel within "
              "5 working days of becoming aware."),
    "rapid-review": (forms.RapidReviewForm, "The rapid review",
                     "Sent to the National Panel within 15 working days of the local authority "
                     "becoming aware."),
    "decision": (forms.DecisionForm, "The safeguarding partners' decision",
                 "A local child safeguarding practice review, no further review, or another "
                 "learning route, with reasons."),
    "practice-review": (forms.PracticeReviewForm, "The local practice review",
                        "Completed and published within 6 months of the decision; the final "
                        "report goes to the National Panel and the Secretary of State at least "
                        "7 working days before publication."),
}


class StageEdit(RecordFormView):
    """Record what one stage found. Saved with a version check: two people editing at once
    never overwrite each other."""

    action = Action.EDIT_CASE
    model = Incident
    template_name = "reviews/stage_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs.get("stage") == "decision":
            self.action = Action.DECIDE_REVIEW  # the partners write their own reasons

    def stage(self):
        if self.kwargs["stage"] not in STAGES:
            raise Http404("No such stage")
        return STAGES[self.kwargs["stage"]]

    def get_form_class(self):
        return self.stage()[0]

    def get_initial(self):
        form_class = self.get_form_class()
        return {name: getattr(self.object, name) for name in form_class.base_fields}

    def get_context_data(self, **kwargs):
        _, title, intro = self.stage()
        return super().get_context_data(stage_title=title, stage_intro=intro, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        # An empty optional text box is stored as "", an empty date as None.
        data = {k: "" if v is None and not self.object._meta.get_field(k).null else v
                for k, v in data.items()}
        return self.save_through(form, lambda: services.incident_record(
            incident=self.object, expected_version=version, by=self.request.user, **data),
            done="Saved")


class RequestCreate(RecordFormView):
    action = Action.EDIT_CASE
    model = Incident
    form_class = forms.RequestForm
    template_name = "reviews/request_form.html"

    def get_form_kwargs(self):
        agencies = self.object.agencies_involved.all() | Agency.objects.filter(
            pk=self.object.notifying_agency_id)
        return {**super().get_form_kwargs(), "agencies": agencies.distinct().order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.request_create(
            incident=self.object, by=self.request.user, **form.cleaned_data),
            done="Information request sent")


class RequestAnswer(RecordFormView):
    """An agency's own request: the agency's lead answers it, and sees nothing else of the case."""

    action = Action.VIEW_REQUEST
    model = InformationRequest
    form_class = forms.AnswerForm
    template_name = "reviews/request_answer.html"

    def get_queryset(self):
        return super().get_queryset().select_related("incident", "agency")

    def get_initial(self):
        return {"chronology": self.object.chronology, "analysis": self.object.analysis,
                "learning": self.object.learning}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_answer=can(self.request.user, Action.ANSWER_REQUEST, self.object), **kwargs)

    def form_valid(self, form):
        require(self.request, Action.ANSWER_REQUEST, self.object)
        submit = "submit" in self.request.POST
        return self.save_through(form, lambda: services.request_answer(
            request=self.object, by=self.request.user, submit=submit, **form.cleaned_data),
            done="Answer sent" if submit else "Answer saved. You can finish it later.",
            then=self.object.get_absolute_url())


class MemberAdd(RecordFormView):
    """Name someone on the case: need-to-know is membership, granted here by the business unit."""

    action = Action.MANAGE_CASE_MEMBERS
    model = Incident
    form_class = forms.MemberForm
    template_name = "reviews/member_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "people": selectors.member_candidates(self.object)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=self.object.members.order_by("full_name"),
                                        **kwargs)

    def form_valid(self, form):
        services.member_add(incident=self.object, user=form.cleaned_data["user"],
                            by=self.request.user)
        messages.success(self.request, f"{form.cleaned_data['user']} can now see this case")
        return redirect(self.object)


class RecommendationAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = Incident
    form_class = forms.RecommendationForm
    template_name = "reviews/recommendation_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agencies": Agency.objects.filter(
            partnerships=self.object.partnership).order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.recommendation_add(
            incident=self.object, by=self.request.user, **form.cleaned_data),
            done="Recommendation added, with its action")


class IdentifyingDetailAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = Incident
    form_class = forms.IdentifyingDetailForm
    template_name = "reviews/identifying_detail_form.html"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.identifying_detail_add(
            incident=self.object, by=self.request.user, **form.cleaned_data),
            done="Added to the redaction check")


class ReportAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = Incident
    form_class = forms.ReportForm
    template_name = "reviews/report_form.html"

    def form_valid(self, form):
        latest = selectors.reports_of(self.object)[:1]
        try:
            services.report_add(incident=self.object, upload=form.cleaned_data["file"],
                                title=form.cleaned_data["title"], by=self.request.user,
                                supersedes=latest[0] if latest else None)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        messages.success(self.request, "Report uploaded")
        return redirect(self.object)


class IncidentEdit(RecordFormView):
    """The notifier changes their own draft before sending it."""

    action = Action.NOTIFY_INCIDENT
    model = Incident
    form_class = forms.DraftForm
    template_name = "reviews/notification_form.html"

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(),
                "partnerships": Partnership.objects.filter(pk=self.object.partnership_id),
                "agencies": selectors.notifying_agencies(
                    agency_ids=standing(user).agencies_for(Action.NOTIFY_INCIDENT),
                    partnership_ids=standing(user).partnerships_for(Action.NOTIFY_INCIDENT))}

    def get_initial(self):
        incident = self.object
        initial = {name: getattr(incident, name) for name in services.NOTIFICATION_FIELDS}
        return {**initial, "partnership": incident.partnership,
                "notifying_agency": incident.notifying_agency,
                "agencies_involved": incident.agencies_involved.all(),
                "version": incident.version}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        send = "send" in self.request.POST

        def write():
            incident = services.incident_draft_change(
                incident=self.object, by=self.request.user, expected_version=version, **data)
            if send:
                services.incident_submit(incident=incident, by=self.request.user)

        return self.save_through(
            form, write, done="Notification sent" if send else "Draft saved",
            then=reverse("reviews:incident-sent", args=[self.object.pk]) if send else None)


class SignOffAdd(RecordFormView):
    """A safeguarding partner's sign-off of the final report: made by the partner, or recorded
    by the business unit for a partner who signed at the executive."""

    action = Action.VIEW_CASE
    model = Incident
    form_class = forms.SignOffForm
    template_name = "reviews/sign_off_form.html"

    def get_object(self, queryset=None):
        incident = super().get_object(queryset)
        held = actions_for(self.request.user, incident)
        if not held & {Action.DECIDE_REVIEW, Action.PUBLISH_REVIEW}:
            require(self.request, Action.DECIDE_REVIEW, incident)
        return incident

    def get_form_kwargs(self):
        unsigned = [row["agency"].pk for row in selectors.sign_off_status(self.object)
                    if row["sign_off"] is None]
        return {**super().get_form_kwargs(),
                "agencies": Agency.objects.filter(pk__in=unsigned).order_by("name")}

    def get_initial(self):
        return {"signatory": self.request.user.full_name, "signed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=selectors.latest_report(self.object),
                                        signed=selectors.sign_off_status(self.object), **kwargs)

    def form_valid(self, form):
        return self.save_through(form, lambda: services.sign_off_record(
            incident=self.object, by=self.request.user, **form.cleaned_data),
            done=f"Sign-off by {form.cleaned_data['agency']} recorded")


class LearningProductAdd(RecordFormView):
    action = Action.EDIT_CASE
    model = Incident
    form_class = forms.LearningProductForm
    template_name = "reviews/learning_product_form.html"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.learning_product_save(
            incident=self.object, by=self.request.user, **form.cleaned_data),
            done="Learning product saved. Publish it from the case page when it is ready.")


class LearningProductEdit(RecordFormView):
    action = Action.EDIT_CASE
    model = LearningProduct
    form_class = forms.LearningProductForm
    template_name = "reviews/learning_product_form.html"

    def get_initial(self):
        return {name: getattr(self.object, name) for name in self.form_class.base_fields}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.learning_product_save(
            incident=self.object.incident, product=self.object, by=self.request.user,
            **form.cleaned_data), done="Learning product saved", then=self.object.incident)


class LearningProductPublish(PolicyRequiredMixin, View):
    action = Action.PUBLISH_REVIEW

    def post(self, request, pk):
        product = get_in_scope(request, Action.PUBLISH_REVIEW, LearningProduct, pk)
        try:
            services.learning_product_publish(product=product, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"Published: {product.title}")
        return redirect(product.incident)


class RepositoryPackage(PolicyRequiredMixin, DetailView):
    """The package for the NSPCC national case review repository: only what was published."""

    action = Action.PUBLISH_REVIEW
    model = Incident

    def get(self, request, *args, **kwargs):
        incident = self.get_object()
        if incident.status != Incident.Status.PUBLISHED:
            messages.error(request, "The repository package is ready once the report is "
                                    "published.")
            return redirect(incident)
        products = incident.learning_products.filter(published_on__isnull=False)
        return export_response(
            request, content=report_exports.repository_package(incident, products),
            filename=f"{slugify(incident.reference)}-repository-package.zip",
            content_type="application/zip", record=incident,
            what="Package for the NSPCC national case review repository")


class ReportDownload(PolicyRequiredMixin, View):
    action = Action.VIEW_CASE

    def get(self, request, pk):
        report = get_object_or_404(Attachment, pk=pk)
        incident = report.record
        if not isinstance(incident, Incident):
            raise Http404("Not a review report")
        require(request, Action.VIEW_CASE, incident)
        return download_response(request, record=incident, stored_file=report.file,
                                 filename=report.original_name,
                                 content_type=report.content_type_header)


class PublicReviewList(PublicView, TemplateView):
    template_name = "reviews/public_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        context.update(partnership=partnership,
                       reviews=selectors.published(partnership, timezone.localdate()))
        return context


class PublicReviewDetail(PublicView, TemplateView):
    template_name = "reviews/public_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        review = selectors.published(partnership, timezone.localdate()).filter(
            pk=kwargs["pk"]).first()
        if review is None:
            raise Http404("No such published review")
        context.update(partnership=partnership, review=review,
                       products=selectors.learning_products_published(
                           partnership, timezone.localdate()).filter(incident=review))
        return context



class PublicLearningList(PublicView, TemplateView):
    template_name = "reviews/public_learning_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        context.update(partnership=partnership, products=selectors.learning_products_published(
            partnership, timezone.localdate()))
        return context


class PublicLearningDetail(PublicView, TemplateView):
    template_name = "reviews/public_learning_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        product = selectors.learning_products_published(partnership, timezone.localdate()).filter(
            pk=kwargs["pk"]).first()
        if product is None:
            raise Http404("No such published learning product")
        review = selectors.published(partnership, timezone.localdate()).filter(
            pk=product.incident_id).first()
        context.update(partnership=partnership, product=product, review=review)
        return context
