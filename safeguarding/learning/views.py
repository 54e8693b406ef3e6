"""Training for practitioners: the public catalogue, registering (with a confirmed e-mail
address), booking, the waiting list, cancelling, evaluating and certificates. The business
unit's and trainers' pages are in `manage_views`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, TemplateView

from safeguarding.accounts.access import PublicView, SignedInView
from safeguarding.accounts.policy import Action, can
from safeguarding.core.files import PDF, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.learning import documents, forms, rules, selectors, services
from safeguarding.learning.models import Booking, Course, Format, Learner, Session


def learner_of(user) -> Learner | None:
    return Learner.objects.select_related("partnership", "agency", "level", "user").filter(
        user=user).first()


class Catalogue(PublicView, TemplateView):
    """Every published course, searchable and filterable, with its sessions to come."""

    template_name = "learning/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = selectors.partnership_by_slug(kwargs["slug"])
        get = self.request.GET
        filters = {name: get.get(name, "").strip()[:100]
                   for name in ("q", "format", "level", "kind", "month")}
        now = timezone.now()
        courses = list(selectors.catalogue(partnership, now=now, **filters))
        for course in courses:
            for session in course.upcoming:
                session.left = selectors.places_left(session)
        context.update(partnership=partnership, courses=courses, filters=filters,
                       formats=Format.choices, kinds=Course.Kind.choices,
                       levels=selectors.levels_of(partnership),
                       months=selectors.months_with_sessions(partnership, now),
                       filtered=any(filters.values()))
        return context


class PublicCourse(PublicView, TemplateView):
    template_name = "learning/public_course.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = selectors.partnership_by_slug(kwargs["slug"])
        course = get_object_or_404(Course.objects.select_related("level"), pk=kwargs["pk"],
                                   partnership=partnership, is_published=True)
        now = timezone.now()
        sessions = list(selectors.upcoming_sessions(now).filter(course=course))
        learner = learner_of(self.request.user) if self.request.user.is_authenticated else None
        mine = {} if learner is None else {
            b.session_id: b for b in learner.bookings.filter(session__in=sessions).exclude(
                status=Booking.Status.CANCELLED)}
        for session in sessions:
            session.left = selectors.places_left(session)
            session.open = session.is_open_for_booking(now)
            session.mine = mine.get(session.pk)
        context.update(partnership=partnership, course=course, sessions=sessions,
                       learning=selectors.published_learning(course, timezone.localdate()))
        return context


class PartnershipForm:
    """A form of a partnership's (its agencies to choose from, its competency levels)."""

    def dispatch(self, request, *args, **kwargs):
        self.partnership = selectors.partnership_by_slug(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": selectors.agencies_of(self.partnership),
                "levels": selectors.levels_of(self.partnership)}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("partnership", self.partnership)
        return super().get_context_data(**kwargs)


class Register(PartnershipForm, PublicView, FormView):
    """A practitioner registers themselves: their account books once they follow the link sent
    to their e-mail address."""

    form_class = forms.RegisterForm
    template_name = "learning/register.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            learner = services.learner_register(
                partnership=self.partnership, email=data["email"], full_name=data["full_name"],
                password=data["password"], job_title=data["job_title"], agency=data["agency"],
                other_agency=data["other_agency"], level=data["level"])
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        self.request.session["learning_registered"] = learner.user.email
        return redirect("learning:register-sent", slug=self.partnership.slug)


class RegisterSent(PublicView, TemplateView):
    template_name = "learning/register_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partnership=selectors.partnership_by_slug(kwargs["slug"]),
            email=self.request.session.get("learning_registered", ""), **kwargs)


class Verify(PublicView, TemplateView):
    """The link in the e-mail: following it confirms the address."""

    template_name = "learning/verified.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["learner"] = services.learner_verify(kwargs["token"])
        except ValidationError as error:
            context["problem"] = error.messages[0]
        return context


class ResendVerification(SignedInView, View):
    def post(self, request):
        learner = learner_of(request.user)
        if learner is not None and not learner.is_verified:
            services.verification_send(learner)
            messages.success(request, f"We have sent a new link to {request.user.email}")
        return redirect("learning:my-training")


class MyTraining(SignedInView, TemplateView):
    """The practitioner's own record: bookings, what the competency framework expects of them
    and what is due, e-learning done; and the registers they take as a trainer."""

    template_name = "learning/my_training.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        learner, now = learner_of(self.request.user), timezone.now()
        if learner is not None:
            bookings = list(selectors.bookings_of(learner))
            context.update(
                upcoming=[b for b in bookings if b.is_live and b.session.starts_at > now],
                past=[b for b in bookings if not (b.is_live and b.session.starts_at > now)],
                record=selectors.competency_record(learner, timezone.localdate()),
                completions=selectors.completions_of(learner))
        user = self.request.user
        context.update(learner=learner, now=now,
                       training=selectors.trainer_sessions(user, now),
                       can_manage=can(user, Action.MANAGE_TRAINING),
                       can_see_staff=can(user, Action.VIEW_STAFF_TRAINING))
        return context


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class Profile(PartnershipForm, SignedInView, FormView):
    """Training details of someone signed in: the agency they work for and their level."""

    form_class = forms.ProfileForm
    template_name = "learning/profile.html"

    def get_initial(self):
        learner = learner_of(self.request.user)
        if learner is None:
            return {}
        return {"agency": str(learner.agency_id) if learner.agency_id else forms.OTHER,
                "other_agency": learner.other_agency, "level": learner.level}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.learner_profile_save(
                user=self.request.user, partnership=self.partnership, agency=data["agency"],
                other_agency=data["other_agency"], level=data["level"])
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Your training details are saved")
        return redirect(safe_next(self.request, reverse("learning:my-training")))


class OwnBooking:
    """A page about one of the signed-in person's own bookings (anyone else's is not found)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.booking = get_object_or_404(
                Booking.objects.select_related("session__course__partnership",
                                               "learner__user"),
                pk=kwargs["pk"], learner__user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.booking, session=self.booking.session,
                                         course=self.booking.session.course, **kwargs)


class BookSession(SignedInView, FormView):
    """Book a place, or join the waiting list of a full session."""

    form_class = forms.BookForm
    template_name = "learning/book.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = get_object_or_404(
                selectors.with_places(Session.objects.select_related("course__partnership")),
                pk=kwargs["pk"], course__is_published=True)
            self.learner = learner_of(request.user)
            if self.learner is None:
                details = reverse("learning:profile",
                                  args=[self.session.course.partnership.slug])
                return redirect(f"{details}?{urlencode({'next': request.path})}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        session = self.session
        return super().get_context_data(
            session=session, course=session.course, learner=self.learner,
            left=selectors.places_left(session),
            refusal=rules.booking_refusal(session, timezone.now()), **kwargs)

    def form_valid(self, form):
        waiting_ok = "waiting_list" in self.request.POST
        try:
            booking = services.booking_request(session=self.session, learner=self.learner,
                                               by=self.request.user, waiting_ok=waiting_ok)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        if booking.status == Booking.Status.WAITING:
            messages.success(self.request, f"You are on the waiting list for "
                                           f"{self.session.course.title}. We will email you if "
                                           "a place comes free")
        else:
            messages.success(self.request, f"Booked: {self.session.course.title}, "
                                           f"{rules.when(self.session.starts_at)}. We have "
                                           "emailed you an invitation for your calendar")
        return redirect("learning:my-training")


class CancelBooking(OwnBooking, SignedInView, FormView):
    form_class = forms.BookForm
    template_name = "learning/cancel_booking.html"

    def form_valid(self, form):
        try:
            services.booking_cancel(booking=self.booking, by=self.request.user)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        waiting = self.booking.status == Booking.Status.WAITING
        messages.success(self.request, "You have left the waiting list" if waiting else
                         "Your booking is cancelled. Thank you for letting the next person "
                         "have the place")
        return redirect("learning:my-training")


class Evaluate(OwnBooking, SignedInView, FormView):
    form_class = forms.EvaluationForm
    template_name = "learning/evaluate.html"

    def form_valid(self, form):
        try:
            services.evaluation_submit(booking=self.booking, by=self.request.user,
                                       **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Thank you for your evaluation. Your certificate is "
                                       "ready to download")
        return redirect("learning:my-training")


class Certificate(OwnBooking, SignedInView, View):
    """A PDF certificate of attendance, once the session is attended and evaluated."""

    def get(self, request, pk):
        booking = self.booking
        if booking.status != Booking.Status.ATTENDED:
            raise Http404("Not attended")
        if not hasattr(booking, "evaluation"):
            messages.error(request, rules.CERTIFICATE_NEEDS_EVALUATION)
            return redirect("learning:evaluate", pk=booking.pk)
        return export_response(request, content=documents.certificate_pdf(booking),
                               filename=f"certificate-{booking.pk}.pdf",
                               content_type=PDF.content_type,
                               what=f"Training certificate, booking {booking.pk}")
