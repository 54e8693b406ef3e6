"""Meetings: the list, a meeting's page, recording it (agenda, papers, attendance, minutes,
decisions and actions), calendar invitations; a business year's overview and compliance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView, require
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.files import download_response
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import Attachment
from safeguarding.core.versioning import EditConflict
from safeguarding.meetings import forms, selectors, services
from safeguarding.meetings.calendar import meeting_ics
from safeguarding.meetings.models import AgendaItem, Meeting
from safeguarding.meetings.tasks import send_invitations
from safeguarding.partnership.models import Agency, Group, Partnership, Person
from safeguarding.partnership.selectors import chairs_on
from safeguarding.partnership.services import members_on


def business_year(text: str) -> BusinessYear:
    try:
        return BusinessYear.parse(text)
    except ValueError:
        raise Http404("Not a business year") from None


class MeetingList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_MEETING
    scoped_list = True
    model = Meeting
    template_name = "meetings/meeting_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.meeting_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request.user, Action.MANAGE_MEETING)
        return context


class MeetingCreate(PolicyRequiredMixin, FormView):
    action = Action.MANAGE_MEETING
    form_class = forms.MeetingForm
    template_name = "meetings/meeting_form.html"

    def groups(self):
        return scope(self.request.user, Action.MANAGE_MEETING, Group.objects.all()).order_by(
            "name")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "groups": self.groups()}

    def get_initial(self):
        group = self.groups().filter(pk=self.request.GET.get("group") or 0).first()
        return {"group": group}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                group=data["group"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                title=data["title"], location=data["location"], online_link=data["online_link"],
                joint_with_adults_boards=data["joint_with_adults_boards"], by=self.request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                renamed = {"starts_at": "day", "ends_at": "ends"}
                error = ValidationError({renamed.get(k, k): v
                                         for k, v in error.error_dict.items()})
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Meeting added")
        return redirect(meeting)


class MeetingDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_MEETING
    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        return selectors.meeting_detail(meeting.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        items = list(meeting.agenda.all())
        context.update(
            items=items,
            papers=selectors.papers_by_item(items),
            may_read_restricted=can(user, Action.READ_RESTRICTED, meeting),
            can_manage=can(user, Action.MANAGE_MEETING, meeting),
            decisions=selectors.decisions_with_actions(meeting),
            today=timezone.localdate(),
        )
        return context


class AgendaItemAdd(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.AgendaItemForm
    template_name = "meetings/agenda_item_form.html"

    def form_valid(self, form):
        services.agenda_item_add(meeting=self.object, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Agenda item added")
        return redirect(self.object)


class PaperAdd(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.PaperForm
    template_name = "meetings/paper_form.html"

    def item(self):
        return get_object_or_404(AgendaItem, pk=self.kwargs["item"], meeting=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.paper_add(item=self.item(), upload=data["file"], title=data["title"],
                               restricted=data["restricted"], by=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        messages.success(self.request, "Paper added")
        return redirect(self.object)


class PaperDownload(PolicyRequiredMixin, View):
    """A paper, as a download, to those who may see the meeting (restricted papers: only the
    group's members). Every download is logged."""

    action = Action.VIEW_MEETING

    def get(self, request, pk):
        paper = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        item = paper.record
        if not isinstance(item, AgendaItem):
            raise Http404("Not a meeting paper")
        require(request, Action.VIEW_MEETING, item.meeting)
        if paper.restricted:
            require(request, Action.READ_RESTRICTED, item.meeting)
        return download_response(request, record=item.meeting, stored_file=paper.file,
                                 filename=paper.original_name,
                                 content_type=paper.content_type_header)


class AttendanceRecord(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.AttendanceForm
    template_name = "meetings/attendance_form.html"

    def members(self):
        return members_on(self.object.group, self.object.starts_at.date()).select_related(
            "person", "agency").order_by("person__full_name")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "members": self.members()}

    def get_initial(self):
        initial = {}
        for record in self.object.attendance.all():
            initial[f"person_{record.person_id}"] = record.status
            initial[f"deputy_{record.person_id}"] = record.deputy_name
        return initial

    def extra_form(self):
        people = Person.objects.filter(
            agency__partnerships__in=self.object.group.partnerships.all()).distinct()
        data = self.request.POST if self.request.method == "POST" else None
        return forms.ExtraAttendeeForm(data, people=people.order_by("full_name"), prefix="extra")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("extra", self.extra_form())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        extra = self.extra_form()
        entries = form.entries()
        if extra.is_valid() and extra.cleaned_data["person"]:
            entries.append({"person": extra.cleaned_data["person"], "status": "present"})
        try:
            services.attendance_record(meeting=self.object, entries=entries, by=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form, extra=extra))
        messages.success(self.request, "Attendance recorded")
        return redirect(self.object)


class MinutesEdit(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.MinutesForm
    template_name = "meetings/minutes_form.html"

    def get_initial(self):
        return {"version": self.object.version, "minutes": self.object.minutes,
                "restricted": self.object.minutes_restricted}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.minutes_save(meeting=self.object, minutes=data["minutes"],
                                  restricted=data["restricted"], expected_version=data["version"],
                                  by=self.request.user)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            return self.form_invalid(form)
        messages.success(self.request, "Minutes saved")
        return redirect(self.object)


class DecisionAdd(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.DecisionForm
    template_name = "meetings/decision_form.html"

    def agencies(self):
        return Agency.objects.filter(
            partnerships__in=self.object.group.partnerships.all()).distinct().order_by("name")

    def action_rows(self):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.ActionRowFormSet(data, prefix="actions",
                                      form_kwargs={"agencies": self.agencies()})

    def get_context_data(self, **kwargs):
        kwargs.setdefault("rows", self.action_rows())
        kwargs["has_errors"] = any(row.errors for row in kwargs["rows"].forms if row.is_bound)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, rows = self.get_form(), self.action_rows()
        if not (form.is_valid() and rows.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, rows=rows))
        actions = [row.cleaned_data for row in rows.forms if row.cleaned_data.get("title")]
        try:
            services.decision_record(meeting=self.object, text=form.cleaned_data["text"],
                                     actions=actions, by=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.render_to_response(self.get_context_data(form=form, rows=rows))
        count = len(actions)
        messages.success(request, "Decision recorded" + (
            f" with {count} action{'s' if count > 1 else ''}" if count else ""))
        return redirect(self.object)


class MeetingCalendar(PolicyRequiredMixin, DetailView):
    """The meeting as a calendar file (.ics) to add to one's own calendar."""

    action = Action.VIEW_MEETING
    model = Meeting

    def render_to_response(self, context, **kwargs):
        response = HttpResponse(meeting_ics(self.object), content_type="text/calendar")
        response["Content-Disposition"] = f'attachment; filename="meeting-{self.object.pk}.ics"'
        return response


class InvitationsSend(RecordFormView):
    action = Action.MANAGE_MEETING
    model = Meeting
    form_class = forms.forms.Form
    template_name = "meetings/invitations_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recipients=services.invitation_recipients(self.object), **kwargs)

    def form_valid(self, form):
        send_invitations.enqueue(self.object.pk, self.object.ics_sequence)
        messages.success(self.request, "Invitations are being sent to the group's members")
        return redirect(self.object)


class YearDetail(PolicyRequiredMixin, DetailView):
    """A partnership's business year: who chairs, and its meetings."""

    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "meetings/year_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = business_year(self.kwargs["year"])
        user = self.request.user
        day = min(max(timezone.localdate(), year.starts_on), year.ends_on)
        meetings = selectors.meeting_list(
            scope(user, Action.VIEW_MEETING,
                  Meeting.objects.filter(group__partnerships=self.object)), year=year)
        context.update(
            year=year, chairs=chairs_on(self.object, day), day=day,
            meetings=list(meetings.order_by("starts_at")),
            can_see_compliance=can(user, Action.VIEW_COMPLIANCE, self.object),
            can_add=can(user, Action.MANAGE_MEETING),
        )
        return context


class Compliance(PolicyRequiredMixin, DetailView):
    """What the arrangements require of a business year's meetings, and what is missing."""

    action = Action.VIEW_COMPLIANCE
    model = Partnership
    template_name = "meetings/compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = business_year(self.kwargs["year"])
        context.update(selectors.compliance(self.object, year))
        context["can_add_report"] = can(self.request.user, Action.MANAGE_PARTNERSHIP,
                                        self.object)
        return context


class WrittenReportAdd(RecordFormView):
    action = Action.MANAGE_PARTNERSHIP
    model = Partnership
    form_class = forms.WrittenReportForm
    template_name = "meetings/written_report_form.html"

    def form_valid(self, form):
        services.written_report_record(partnerships=[self.object], by=self.request.user,
                                       **form.cleaned_data)
        messages.success(self.request, "Written report recorded")
        year = BusinessYear.of(form.cleaned_data["sent_on"])
        return redirect("meetings:compliance", slug=self.object.slug, year=year.slug)


