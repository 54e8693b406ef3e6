"""Pages about a partnership's structure: who the partners are, who chairs, the groups and their
members, each agency's involvement, and the published arrangements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from safeguarding.accounts.access import PolicyRequiredMixin, PublicView, RecordFormView
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import ActionItem
from safeguarding.core.selectors import action_list
from safeguarding.core.versioning import EditConflict
from safeguarding.meetings import selectors as meeting_selectors
from safeguarding.partnership import charts, forms, selectors, services
from safeguarding.partnership.models import (
    Agency,
    Arrangements,
    ArrangementsVersion,
    Group,
    Partnership,
)


class PartnershipList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "partnership/partnership_list.html"

    def get(self, request, *args, **kwargs):
        partnerships = list(self.get_queryset())
        if len(partnerships) == 1:
            return redirect(partnerships[0])
        return super().get(request, *args, **kwargs)


class PartnershipDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "partnership/partnership_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, today = self.object, timezone.localdate()
        context.update(
            today=today,
            year=BusinessYear.of(today),
            chairs=selectors.chairs_on(partnership, today),
            partners=selectors.partners_on(partnership, today),
            relevant=selectors.relevant_agencies(partnership),
            tree=selectors.group_tree(selectors.groups_of(partnership)),
            areas=partnership.areas.all(),
            arrangements=partnership.arrangements.all(),
            can_manage=can(self.request.user, Action.MANAGE_PARTNERSHIP, partnership),
            can_see_compliance=can(self.request.user, Action.VIEW_COMPLIANCE, partnership),
        )
        return context


class StructureChart(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "partnership/structure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.group_tree(selectors.groups_of(self.object))
        nodes = [charts.ChartNode(id=g.pk, label=g.name, kind=g.kind, parent_id=g.parent_id,
                                  dotted_to_id=g.reports_informally_to_id,
                                  url=g.get_absolute_url()) for g, _ in groups]
        context["svg"] = charts.structure_svg(
            nodes, title=f"Structure of the {self.object.name}",
            description="Each box is a group; a line joins a group to the one it reports to; "
                        "a dotted line shows a group that feeds into another. The same "
                        "structure is listed in words below.")
        context["tree"] = charts.text_alternative(nodes)
        return context


class ChairRotation(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "partnership/chair_rotation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(rotation=selectors.chair_rotation(self.object),
                       this_year=BusinessYear.of(today),
                       chairs=selectors.chairs_on(self.object, today), today=today)
        return context


class AgencyDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Agency
    template_name = "partnership/agency_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agency, today = self.object, timezone.localdate()
        user = self.request.user
        seats = list(selectors.agency_seats(agency, today))
        context.update(
            today=today,
            seats=seats,
            groups=sorted({seat.group for seat in seats}, key=lambda g: g.name),
            representatives=sorted({seat.person for seat in seats}, key=lambda p: p.full_name),
            attendance=meeting_selectors.agency_attendance(agency, BusinessYear.of(today), today),
            actions=action_list(scope(user, Action.VIEW_ACTION,
                                      ActionItem.objects.filter(owner_agency=agency)),
                                status="open"),
            links=selectors.agency_links(agency),
        )
        return context


class GroupDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Group
    template_name = "partnership/group_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group, user, today = self.object, self.request.user, timezone.localdate()
        seats = list(selectors.seats_of_group(group, today))
        context.update(
            today=today,
            members=[s for s in seats if s.votes],
            advisers=[s for s in seats if not s.votes],
            meetings=meeting_selectors.meeting_list(
                scope(user, Action.VIEW_MEETING, group.meetings.all()))[:20],
            children=group.children.order_by("name"),
            can_manage=can(user, Action.MANAGE_PARTNERSHIP, group),
            can_add_meeting=can(user, Action.MANAGE_MEETING)
            and can(user, Action.MANAGE_PARTNERSHIP, group),
        )
        return context


class AppointmentCreate(RecordFormView):
    action = Action.MANAGE_PARTNERSHIP
    model = Partnership
    form_class = forms.AppointmentForm
    template_name = "partnership/appointment_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.object}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.appointment_create(
                person=data["person"], office=data["office"], partnerships=[self.object],
                starts_on=data["starts_on"], ends_on=data["ends_on"], agency=data["agency"],
                label=data["label"], joint=data["joint"], by=self.request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, f"{data['person']} appointed")
        return redirect("partnership:chair-rotation", slug=self.object.slug)


class SeatAdd(RecordFormView):
    action = Action.MANAGE_PARTNERSHIP
    model = Group
    form_class = forms.SeatForm
    template_name = "partnership/seat_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.object}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.seat_add(group=self.object, person=data["person"], role=data["role"],
                              agency=data["agency"], starts_on=data["starts_on"],
                              ends_on=data["ends_on"], by=self.request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, f"{data['person']} added to {self.object}")
        return redirect(self.object)


class RelevantAgencySet(RecordFormView):
    action = Action.MANAGE_PARTNERSHIP
    model = Partnership
    form_class = forms.RelevantAgencyForm
    template_name = "partnership/relevant_agency_form.html"

    def get_agency(self):
        return get_object_or_404(Agency, pk=self.kwargs["agency"], partnerships=self.object)

    def get_initial(self):
        link = selectors.agency_link(self.object, self.get_agency())
        return {"relevant": "yes" if link and link.relevant else "no",
                "reason": link.reason if link else ""}

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.get_agency(), **kwargs)

    def form_valid(self, form):
        try:
            services.relevant_agency_set(
                partnership=self.object, agency=self.get_agency(),
                relevant=form.cleaned_data["relevant"], reason=form.cleaned_data["reason"],
                by=self.request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Relevant agencies updated")
        return redirect(self.object)


class ArrangementsDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_PARTNERSHIP
    model = Arrangements
    template_name = "partnership/arrangements_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            versions=self.object.versions.order_by("-number"),
            current=self.object.versions.filter(
                status=ArrangementsVersion.Status.PUBLISHED).first(),
            can_manage=can(self.request.user, Action.MANAGE_PARTNERSHIP, self.object),
        )
        return context


class ArrangementsPublish(RecordFormView):
    action = Action.MANAGE_PARTNERSHIP
    model = Arrangements
    form_class = forms.PublishForm
    template_name = "partnership/arrangements_publish.html"

    def current(self):
        return self.object.versions.order_by("-number").first()

    def get_initial(self):
        last = self.current()
        return {"version": self.object.version, "funding": last.funding if last else ""}

    def sections(self):
        last = self.current()
        initial = last.sections if last else []
        if self.request.method == "POST":
            return forms.SectionFormSet(self.request.POST, prefix="sections")
        return forms.SectionFormSet(initial=initial, prefix="sections")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sections", self.sections())
        kwargs["has_errors"] = any(s.errors for s in kwargs["sections"].forms if s.is_bound)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, sections = self.get_form(), self.sections()
        if not (form.is_valid() and sections.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, sections=sections))
        if form.cleaned_data["version"] != self.object.version:
            error = EditConflict(self.object, [])
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form, sections=sections))
        try:
            version = services.arrangements_publish(
                arrangements=self.object, sections=[s.cleaned_data for s in sections.forms
                                                    if s.cleaned_data],
                funding=form.cleaned_data["funding"],
                change_summary=form.cleaned_data["change_summary"], by=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.render_to_response(self.get_context_data(form=form, sections=sections))
        messages.success(request, f"Version {version.number} published")
        return redirect(self.object)


class ArrangementsReview(RecordFormView):
    """Record the annual review: the arrangements still stand as published."""

    action = Action.MANAGE_PARTNERSHIP
    model = Arrangements
    template_name = "partnership/arrangements_review.html"
    form_class = forms.forms.Form

    def form_valid(self, form):
        services.arrangements_review(arrangements=self.object, by=self.request.user)
        messages.success(self.request, "Annual review recorded")
        return redirect(self.object)


class PublicArrangements(PublicView, TemplateView):
    """The published arrangements, rendered from the data: anyone may read them."""

    template_name = "partnership/public_arrangements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        document = partnership.arrangements.order_by("pk").first()
        version = document and document.versions.filter(
            status=ArrangementsVersion.Status.PUBLISHED).first()
        if version is None:
            raise Http404("No published arrangements")
        today = timezone.localdate()
        context.update(
            partnership=partnership, document=document, version=version, today=today,
            partners=selectors.partners_on(partnership, today),
            chairs=selectors.chairs_on(partnership, today),
            relevant=selectors.relevant_agencies(partnership),
            areas=partnership.areas.all(),
            also_for=document.partnerships.exclude(pk=partnership.pk),
        )
        return context
