"""Running the training: the business unit's courses, sessions, competency framework, LMS
imports, charges and yearly figures; the trainer's register; an agency lead's view of their
staff's training. Every page goes through the access policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView
from safeguarding.accounts.models import User
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.files import EXCEL, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.learning import exports, forms, selectors, services
from safeguarding.learning.models import Course, Learner, LmsImport, Session
from safeguarding.partnership.models import Partnership
from safeguarding.reviews.selectors import learning_products_published


def business_year(text: str) -> BusinessYear:
    try:
        return BusinessYear.parse(text)
    except ValueError:
        raise Http404("Not a business year") from None


class TrainingHome(PolicyRequiredMixin, TemplateView):
    """The business unit's overview: each partnership's courses and the sessions to come."""

    action = Action.MANAGE_TRAINING
    template_name = "learning/manage_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        courses = scope(user, self.action, Course.objects.all()).select_related("partnership")
        context.update(
            partnerships=scope(user, self.action, Partnership.objects.all()),
            courses=courses.order_by("partnership__name", "title"),
            sessions=selectors.upcoming_sessions(now).filter(course__in=courses)
            .select_related("course")[:50],
            year=BusinessYear.of(timezone.localdate()))
        return context


def course_form_kwargs(partnership) -> dict:
    return {"levels": selectors.levels_of(partnership),
            "products": learning_products_published(partnership, timezone.localdate())}


class CourseCreate(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Partnership
    form_class = forms.CourseForm
    template_name = "learning/course_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **course_form_kwargs(self.object)}

    def form_valid(self, form):
        made = {}

        def write():
            made["course"] = services.course_save(partnership=self.object, by=self.request.user,
                                                  **form.cleaned_data)

        response = self.save_through(form, write, done="Course added")
        return redirect(made["course"]) if "course" in made else response


class CourseEdit(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Course
    form_class = forms.CourseForm
    template_name = "learning/course_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **course_form_kwargs(self.object.partnership)}

    def get_initial(self):
        initial = {name: getattr(self.object, name) for name in forms.CourseForm.base_fields
                   if name != "teaches"}
        return {**initial, "teaches": self.object.teaches.all()}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.course_save(
            partnership=self.object.partnership, course=self.object, by=self.request.user,
            **form.cleaned_data), done="Course saved")


class CourseManage(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_TRAINING
    model = Course
    template_name = "learning/course_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sessions=selectors.with_places(self.object.sessions.all()).order_by("-starts_at"),
            results=selectors.evaluation_results(self.object), now=timezone.now())
        return context


class SessionCreate(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Course
    form_class = forms.SessionForm
    template_name = "learning/session_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "trainers": User.objects.filter(is_active=True)}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.session_create(
            course=self.object, by=self.request.user, **form.session_fields()),
            done="Session added")


class SessionDetail(PolicyRequiredMixin, DetailView):
    """A session's bookings and waiting list."""

    action = Action.MANAGE_TRAINING
    model = Session
    template_name = "learning/session_detail.html"

    def get_queryset(self):
        return selectors.with_places(super().get_queryset().select_related("course"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(bookings=selectors.session_bookings(self.object),
                       left=selectors.places_left(self.object), now=timezone.now())
        return context


class SessionEdit(RecordFormView):
    """Change a session. Fewer places than are booked is refused; a new time or place sends
    everyone booked an updated invitation; new places go to the waiting list."""

    action = Action.MANAGE_TRAINING
    model = Session
    form_class = forms.SessionForm
    template_name = "learning/session_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "trainers": User.objects.filter(is_active=True)}

    def get_initial(self):
        session = self.object
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {"day": starts.date(), "starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}",
                "venue": session.venue, "online_link": session.online_link,
                "trainer_name": session.trainer_name,
                "trainer_email": session.trainer.email if session.trainer else "",
                "capacity": session.capacity}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.session_update(
            session=self.object, by=self.request.user, **form.session_fields()),
            done="Session saved")


class SessionCancel(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Session
    form_class = forms.BookForm
    template_name = "learning/session_cancel.html"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.session_cancel(
            session=self.object, by=self.request.user),
            done="Session cancelled. Everyone booked has been emailed")


class AttendanceRegister(RecordFormView):
    """The register, made for a tablet: one large choice a person, saved at once."""

    action = Action.MARK_ATTENDANCE
    model = Session
    form_class = forms.RegisterMarksForm
    template_name = "learning/register_marks.html"

    def get_queryset(self):
        return super().get_queryset().select_related("course__partnership")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "bookings": selectors.register_of(self.object)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            started=self.object.starts_at <= timezone.now(),
            may_manage=can(self.request.user, Action.MANAGE_TRAINING, self.object), **kwargs)

    def form_valid(self, form):
        then = (self.object.get_absolute_url()
                if can(self.request.user, Action.MANAGE_TRAINING, self.object)
                else reverse("learning:my-training"))
        return self.save_through(form, lambda: services.attendance_record(
            session=self.object, marks=form.marks(), by=self.request.user),
            done="Register saved", then=then)


class EvaluationResults(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_TRAINING
    model = Course
    template_name = "learning/evaluation_results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=selectors.evaluation_results(self.object),
                                        **kwargs)


# -- the competency framework ----------------------------------------------------------------------


class Framework(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_TRAINING
    model = Partnership
    template_name = "learning/framework.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(levels=selectors.framework(self.object), **kwargs)


class LevelAdd(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Partnership
    form_class = forms.LevelForm
    template_name = "learning/level_form.html"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.level_add(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Level added", then=self.framework_url())

    def framework_url(self):
        return reverse("learning:framework", args=[self.object.slug])


class RequirementAdd(LevelAdd):
    form_class = forms.RequirementForm
    template_name = "learning/requirement_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "levels": selectors.levels_of(self.object),
                "courses": Course.objects.filter(partnership=self.object).order_by("title")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.requirement_add(
            by=self.request.user, **form.cleaned_data),
            done="Requirement added", then=self.framework_url())


class SettingsEdit(RecordFormView):
    """When bookings close, when reminders go, and the charging rule for non-attendance."""

    action = Action.MANAGE_TRAINING
    model = Partnership
    form_class = forms.SettingsForm
    template_name = "learning/settings_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": selectors.training_settings(self.object)}

    def form_valid(self, form):
        return self.save_through(form, form.save, done="Training settings saved",
                                 then=reverse("learning:manage"))


# -- staff records ---------------------------------------------------------------------------------


class StaffList(PolicyRequiredMixin, ListView):
    """Practitioners and where they stand against the competency framework: an agency's lead
    sees their own agency's staff; the business unit sees everyone in the partnership."""

    action = Action.VIEW_STAFF_TRAINING
    model = Learner
    template_name = "learning/staff_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.staff_compliance(context["object_list"], timezone.localdate())
        context.update(rows=rows, compliant=sum(1 for row in rows if row.compliant))
        return context


class StaffRecord(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_STAFF_TRAINING
    model = Learner
    template_name = "learning/staff_record.html"

    def get_context_data(self, **kwargs):
        learner = self.object
        return super().get_context_data(
            record=selectors.competency_record(learner, timezone.localdate()),
            bookings=selectors.bookings_of(learner),
            completions=selectors.completions_of(learner), **kwargs)


# -- e-learning completions ------------------------------------------------------------------------


class LmsImportCreate(RecordFormView):
    action = Action.MANAGE_TRAINING
    model = Partnership
    form_class = forms.LmsImportForm
    template_name = "learning/import_form.html"

    def form_valid(self, form):
        try:
            record = services.lms_import(partnership=self.object,
                                         upload=form.cleaned_data["file"], by=self.request.user)
        except ValidationError as error:
            add_service_errors(ValidationError({"file": error.messages}), form)
            return self.form_invalid(form)
        messages.success(self.request, f"{record.matched} completions added")
        return redirect(record)


class LmsImportDetail(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_TRAINING
    model = LmsImport
    template_name = "learning/import_detail.html"


# -- charges and the yearly figures ----------------------------------------------------------------


class Charges(PolicyRequiredMixin, DetailView):
    """Non-attendance charges: one invoice per agency and quarter, exportable."""

    action = Action.MANAGE_TRAINING
    model = Partnership
    template_name = "learning/charges.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.year = business_year(kwargs["year"])
        self.invoices = selectors.invoices(self.object, self.year)
        return self.respond()

    def respond(self):
        return self.render_to_response(self.get_context_data(
            object=self.object, year=self.year, invoices=self.invoices,
            rule=selectors.training_settings(self.object)))


class ChargesExcel(Charges):
    def respond(self):
        return export_response(
            self.request, content=exports.invoices_xlsx(self.object, self.year, self.invoices),
            filename=f"training-charges-{self.object.slug}-{self.year.slug}.{EXCEL.key}",
            content_type=EXCEL.content_type, record=self.object,
            what=f"Training charges, {self.year} (Excel)")


class Report(PolicyRequiredMixin, DetailView):
    """Places offered, booked and attended, fill and no-show rates: for the yearly report."""

    action = Action.VIEW_COMPLIANCE
    model = Partnership
    template_name = "learning/report.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.report = selectors.training_report(self.object, business_year(kwargs["year"]))
        return self.respond()

    def respond(self):
        year = self.report.year
        return self.render_to_response(self.get_context_data(
            object=self.object, report=self.report, previous=year.previous(),
            next=year.next()))


class ReportExcel(Report):
    def respond(self):
        report = self.report
        return export_response(
            self.request, content=exports.report_xlsx(self.object, report),
            filename=f"training-report-{self.object.slug}-{report.year.slug}.{EXCEL.key}",
            content_type=EXCEL.content_type, record=self.object,
            what=f"Training report, {report.year} (Excel)")

