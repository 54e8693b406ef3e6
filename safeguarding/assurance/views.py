"""Assurance: frameworks, cycles and agencies' returns, challenge and moderation, results;
multi-agency audits; independent scrutiny."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView, TemplateView

from safeguarding.accounts.access import (
    PolicyRequiredMixin,
    RecordFormView,
    get_in_scope,
    require,
)
from safeguarding.accounts.policy import Action, can, scope, standing
from safeguarding.assurance import forms, report_exports, rules, selectors, services
from safeguarding.assurance.models import (
    Answer,
    Audit,
    Challenge,
    Cycle,
    Framework,
    Return,
    ScrutinyActivity,
    ScrutinyChallenge,
    SettingReport,
)
from safeguarding.core.files import EXCEL, PDF, download_response, export_response
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import Attachment
from safeguarding.partnership.models import Agency, Group, Partnership


class FormPage(RecordFormView):
    """A form about one record, on the shared form page: the title, caption and intro come
    from the view."""

    template_name = "assurance/form.html"
    title = submit = ""
    intro = ""

    def page(self) -> dict:
        return {}

    def get_context_data(self, **kwargs):
        context = {"title": self.title, "submit": self.submit or "Save", "intro": self.intro,
                   "caption": str(self.object),
                   "back": getattr(self.object, "get_absolute_url", lambda: "")()}
        context.update(self.page())
        return super().get_context_data(**{**context, **kwargs})


class AssuranceHome(PolicyRequiredMixin, TemplateView):
    """What the person may do: their agency's returns, the cycles and their results, audits,
    frameworks and scrutiny."""

    action = Action.VIEW_ASSURANCE
    scoped_list = True
    template_name = "assurance/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        returns = scope(user, Action.ANSWER_RETURN, Return.objects.all()).select_related(
            "cycle", "agency").order_by("-cycle__opens_on", "agency__name")
        cycles = selectors.cycles_for(user, Action.VIEW_ASSURANCE,
                                      scope(user, Action.VIEW_ASSURANCE, Cycle.objects.all()))
        partnerships = scope(user, Action.VIEW_PARTNERSHIP, Partnership.objects.all())
        return super().get_context_data(
            returns=returns, cycles=cycles,
            frameworks=scope(user, Action.VIEW_ASSURANCE, Framework.objects.all()),
            audits=scope(user, Action.VIEW_ASSURANCE, Audit.objects.all())
            | scope(user, Action.ANSWER_AUDIT, Audit.objects.all()),
            partnerships=partnerships.order_by("name"),
            can_manage=can(user, Action.MANAGE_ASSURANCE), **kwargs)


# -- frameworks -----------------------------------------------------------------------------------


class FrameworkCreate(PolicyRequiredMixin, TemplateView):
    action = Action.MANAGE_ASSURANCE
    template_name = "assurance/form.html"

    def form(self):
        partnerships = scope(self.request.user, Action.MANAGE_ASSURANCE,
                             Partnership.objects.all())
        return forms.FrameworkForm(self.request.POST or None, partnerships=partnerships)

    def get(self, request, form=None):
        return self.render_to_response(self.get_context_data(
            form=form or self.form(), title="Make an assessment framework",
            caption="Assurance", submit="Make the framework", back="/assurance/"))

    def post(self, request):
        form = self.form()
        if form.is_valid():
            data = form.cleaned_data
            try:
                framework = services.framework_create(
                    name=data["name"], kind=data["kind"], partnerships=data["partnerships"],
                    scale=rules.parse_scale(data["scale"]), introduction=data["introduction"],
                    by=request.user)
            except ValidationError as error:
                add_service_errors(error, form)
            else:
                messages.success(request, "Framework made: now add its standards")
                return redirect(framework)
        return self.get(request, form=form)


class FrameworkDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ASSURANCE
    model = Framework
    template_name = "assurance/framework_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            standards=self.object.standards.all(), levels=self.object.levels.all(),
            cycles=self.object.cycles.all(), in_use=self.object.cycles.exists(),
            can_manage=can(self.request.user, Action.MANAGE_ASSURANCE, self.object), **kwargs)


class StandardAdd(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Framework
    form_class = forms.StandardForm
    title, submit = "Add a standard", "Add the standard"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.standard_add(
            framework=self.object, by=self.request.user, **form.cleaned_data),
            done="Standard added")


class FrameworkNewVersion(PolicyRequiredMixin, View):
    action = Action.MANAGE_ASSURANCE

    def post(self, request, pk):
        framework = get_in_scope(request, Action.MANAGE_ASSURANCE, Framework, pk)
        copy = services.framework_new_version(framework=framework, by=request.user)
        messages.success(request, f"Version {copy.version} made: change it before its first "
                                  "cycle")
        return redirect(copy)


class CycleCreate(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Framework
    form_class = forms.CycleForm
    title, submit = "Open a cycle", "Open the cycle and invite the agencies"
    intro = ("Each agency invited finds its return in its lead's “My work”, with the due date, "
             "and is reminded by e-mail.")

    def partnerships(self):
        return self.object.partnerships.all()

    def get_form_kwargs(self):
        agencies = Agency.objects.filter(partnerships__in=self.partnerships()).distinct()
        return {**super().get_form_kwargs(), "agencies": agencies.order_by("name"),
                "groups": Group.objects.filter(partnerships__in=self.partnerships())
                .distinct().order_by("name")}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        agencies = list(data.pop("agencies"))
        if data.pop("every_school"):
            agencies += list(Agency.objects.filter(
                partnerships__in=self.partnerships(), kind=Agency.Kind.EDUCATION).distinct())
        agencies = list({a.pk: a for a in agencies}.values())
        return self.save_through(form, lambda: services.cycle_open(
            framework=self.object, by=self.request.user, agencies=agencies, **data),
            done=f"Cycle opened: {len(agencies)} agencies invited")


class CycleDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ASSURANCE
    model = Cycle
    template_name = "assurance/cycle_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            returns=scope(user, Action.VIEW_ASSURANCE, self.object.returns.all())
            .select_related("agency"),
            invited=self.object.returns.select_related("agency"),
            partnerships=scope(user, Action.VIEW_ASSURANCE,
                               self.object.framework.partnerships.all())
            if can(user, Action.VIEW_ASSURANCE) else Partnership.objects.none(),
            **kwargs)


class CycleResults(PolicyRequiredMixin, DetailView):
    """A cycle's results as one partnership sees them."""

    action = Action.VIEW_ASSURANCE
    model = Cycle
    template_name = "assurance/results.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        partnership = get_in_scope(request, Action.VIEW_ASSURANCE, Partnership,
                                   get_object_or_404(Partnership, slug=kwargs["slug"]).pk)
        if not self.object.framework.partnerships.filter(pk=partnership.pk).exists():
            raise Http404("This cycle is not used by that partnership")
        self.results = selectors.results(self.object, partnership, timezone.localdate())
        return self.respond(self.get_context_data(results=self.results,
                                                  partnership=partnership))

    def respond(self, context):
        return self.render_to_response(context)

    def filename(self, extension):
        return f"{slugify(self.object.name)}-{self.results.partnership.slug}.{extension}"


class CycleResultsExcel(CycleResults):
    def respond(self, context):
        return export_response(self.request, content=report_exports.results_xlsx(self.results),
                               filename=self.filename("xlsx"),
                               content_type=EXCEL.content_type,
                               what=f"Results of {self.object}")


class CycleResultsPdf(CycleResults):
    def respond(self, context):
        return export_response(self.request, content=report_exports.results_pdf(self.results),
                               filename=self.filename("pdf"), content_type=PDF.content_type,
                               what=f"Results of {self.object}")


# -- an agency's return ---------------------------------------------------------------------------


class ReturnDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ASSURANCE
    model = Return
    template_name = "assurance/return_detail.html"

    def get_queryset(self):
        # The agency's own lead answers it, even before anyone else may see it.
        user = self.request.user
        mine = scope(user, Action.ANSWER_RETURN, Return.objects.all())
        return (super().get_queryset() | mine).select_related("cycle__framework", "agency")

    def get_context_data(self, **kwargs):
        user, return_form = self.request.user, self.object
        return super().get_context_data(
            rows=selectors.return_overview(return_form),
            may_answer=can(user, Action.ANSWER_RETURN, return_form),
            may_challenge=can(user, Action.CHALLENGE_RATING, return_form)
            and return_form.status == Return.Status.SUBMITTED,
            challenges=Challenge.objects.filter(answer__return_form=return_form)
            .select_related("answer__standard", "peer_agency"),
            may_agree=can(user, Action.MANAGE_ASSURANCE), **kwargs)


class ReturnSubmit(PolicyRequiredMixin, View):
    action = Action.ANSWER_RETURN

    def post(self, request, pk):
        return_form = get_in_scope(request, Action.ANSWER_RETURN, Return, pk)
        try:
            services.return_submit(return_form=return_form, by=request.user)
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Return submitted. You can still update it: every change "
                                      "is kept.")
        return redirect(return_form)


class AnswerEdit(RecordFormView):
    """One standard of the agency's own return: rating, narrative, the voice of children, and
    evidence. Saved as it goes, over several sittings."""

    action = Action.ANSWER_RETURN
    model = Return
    form_class = forms.AnswerForm
    template_name = "assurance/answer_form.html"

    def standard(self):
        return get_object_or_404(self.object.cycle.framework.standards,
                                 number=self.kwargs["number"])

    def answer(self):
        return Answer.objects.filter(return_form=self.object, standard=self.standard()).first()

    def get_form_kwargs(self):
        standard = self.standard()
        return {**super().get_form_kwargs(), "levels": standard.framework.levels.all(),
                "child_voice": standard.asks_child_voice}

    def get_initial(self):
        answer = self.answer()
        if answer is None:
            return {"version": 0}
        return {"version": answer.version, "rating": answer.rating,
                "narrative": answer.narrative, "child_voice": answer.child_voice}

    def get_context_data(self, **kwargs):
        answer = self.answer()
        return super().get_context_data(
            standard=self.standard(), answer=answer,
            evidence=selectors.evidence_of(answer) if answer else [],
            actions=selectors.actions_of(answer) if answer else [], **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        standard = self.standard()

        def write():
            answer = services.answer_save(
                return_form=self.object, standard=standard, by=self.request.user,
                expected_version=data.get("version"), rating=data["rating"],
                narrative=data["narrative"], child_voice=data.get("child_voice", ""))
            if data.get("evidence"):
                try:
                    services.evidence_add(answer=answer, upload=data["evidence"],
                                          title=data["evidence_title"], by=self.request.user)
                except ValidationError as error:
                    raise ValidationError({"evidence": error.messages}) from None
            self.saved = answer

        then = self.request.path if "stay" in self.request.POST else None
        return self.save_through(form, write, done=f"Standard {standard.number} saved",
                                 then=then)


class ActionPlanAdd(FormPage):
    action = Action.ANSWER_RETURN
    model = Answer
    form_class = forms.ActionPlanForm
    title, submit = "Add to the action plan", "Add the action"
    intro = "The action goes to the partnership's shared tracker, owned by your agency."

    def get_context_data(self, **kwargs):
        return super().get_context_data(back=self.back(), **kwargs)

    def back(self):
        return self.object.return_form.get_absolute_url()

    def form_valid(self, form):
        return self.save_through(form, lambda: services.action_plan_add(
            answer=self.object, by=self.request.user, **form.cleaned_data),
            done="Action added to the plan", then=self.back())


class ChallengeAdd(FormPage):
    action = Action.CHALLENGE_RATING
    model = Answer
    form_class = forms.ChallengeForm
    title, submit = "Challenge a rating", "Send the challenge"

    def page(self):
        answer = self.object
        rating = answer.rating.label if answer.rating else "not rated"
        return {"intro": f"Standard {answer.standard.number}, {answer.standard.title}: rated "
                         f"“{rating}” by {answer.return_form.agency}.",
                "back": answer.return_form.get_absolute_url()}

    def form_valid(self, form):
        user = self.request.user
        business_unit = can(user, Action.MANAGE_ASSURANCE, self.object.return_form)
        peer = None if business_unit else Agency.objects.filter(
            pk__in=standing(user).agencies_for(Action.CHALLENGE_RATING)).first()
        return self.save_through(form, lambda: services.challenge_raise(
            answer=self.object, by=user, peer_agency=peer, **form.cleaned_data),
            done="Challenge sent to the agency", then=self.object.return_form.get_absolute_url())


class ChallengeRespond(FormPage):
    action = Action.ANSWER_RETURN
    model = Challenge
    form_class = forms.ResponseForm
    title, submit = "Respond to the challenge", "Send the response"

    def page(self):
        return {"intro": self.object.comment,
                "back": self.object.answer.return_form.get_absolute_url()}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.challenge_respond(
            challenge=self.object, by=self.request.user, **form.cleaned_data),
            done="Response sent", then=self.object.answer.return_form.get_absolute_url())


class ChallengeAgree(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Challenge
    form_class = forms.AgreeForm
    title, submit = "Record the rating agreed", "Record the rating"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "levels": self.object.answer.standard.framework.levels.all()}

    def page(self):
        return {"intro": f"Challenge: {self.object.comment} Response: "
                         f"{self.object.response or 'none yet'}",
                "back": self.object.answer.return_form.get_absolute_url()}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.rating_agree(
            challenge=self.object, by=self.request.user, **form.cleaned_data),
            done="Rating agreed", then=self.object.answer.return_form.get_absolute_url())


class EvidenceDownload(PolicyRequiredMixin, View):
    action = Action.VIEW_ASSURANCE

    def get(self, request, pk):
        evidence = get_object_or_404(Attachment, pk=pk)
        answer = evidence.record
        if not isinstance(answer, Answer):
            raise Http404("Not a piece of evidence")
        mine = can(request.user, Action.ANSWER_RETURN, answer.return_form)
        if not mine:
            require(request, Action.VIEW_ASSURANCE, answer.return_form)
        return download_response(request, record=answer.return_form, stored_file=evidence.file,
                                 filename=evidence.original_name,
                                 content_type=evidence.content_type_header)


# -- multi-agency audits --------------------------------------------------------------------------


class AuditCreate(PolicyRequiredMixin, TemplateView):
    action = Action.MANAGE_ASSURANCE
    template_name = "assurance/form.html"

    def form(self):
        partnerships = scope(self.request.user, Action.MANAGE_ASSURANCE,
                             Partnership.objects.all())
        agencies = Agency.objects.filter(partnerships__in=partnerships).distinct()
        return forms.AuditForm(self.request.POST or None, partnerships=partnerships,
                               agencies=agencies.order_by("name"))

    def get(self, request, form=None):
        return self.render_to_response(self.get_context_data(
            form=form or self.form(), title="Plan a multi-agency audit", caption="Assurance",
            submit="Plan the audit", back="/assurance/"))

    def post(self, request):
        form = self.form()
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                audit = services.audit_create(
                    by=request.user, questions=data.pop("questions").splitlines(),
                    references=data.pop("references").splitlines(), **data)
            except ValidationError as error:
                add_service_errors(error, form)
            else:
                messages.success(request, "Audit planned: the agencies can answer now")
                return redirect(audit)
        return self.get(request, form=form)


class AuditDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ASSURANCE
    model = Audit
    template_name = "assurance/audit_detail.html"

    def get_queryset(self):
        taking_part = scope(self.request.user, Action.ANSWER_AUDIT, Audit.objects.all())
        return super().get_queryset() | taking_part

    def get_context_data(self, **kwargs):
        user, audit = self.request.user, self.object
        lead_view = can(user, Action.VIEW_ASSURANCE, audit) and (
            can(user, Action.MANAGE_ASSURANCE, audit) or audit.status != Audit.Status.OPEN)
        mine = audit.agencies.filter(pk__in=standing(user).agencies_for(Action.ANSWER_AUDIT))
        answers = audit.cases.none()
        if lead_view:
            answers = selectors.audit_answers(audit)
        return super().get_context_data(
            questions=audit.questions.all(), cases=audit.cases.all(),
            progress=selectors.audit_progress(audit) if lead_view else [],
            answers=answers, my_agencies=mine, lead_view=lead_view,
            can_manage=can(user, Action.MANAGE_ASSURANCE, audit),
            actions=selectors.audit_actions(audit), **kwargs)


class AuditCaseAnswer(FormPage):
    """An agency's answers about one case of the sample: its own, never another's."""

    action = Action.ANSWER_AUDIT
    model = Audit
    form_class = forms.AuditAnswerForm
    title, submit = "Answer for a case", "Save the answers"

    def case(self):
        return get_object_or_404(self.object.cases, pk=self.kwargs["case"])

    def agency(self):
        agency = self.object.agencies.filter(
            pk__in=standing(self.request.user).agencies_for(Action.ANSWER_AUDIT)).first()
        if agency is None:
            require(self.request, Action.MANAGE_PARTNERSHIP, self.object)  # refused, logged
        return agency

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "questions": self.object.questions.all()}

    def get_initial(self):
        return {f"q{a.question_id}": a.text
                for a in selectors.audit_answers(self.object, case=self.case(),
                                                 agency=self.agency())}

    def page(self):
        return {"title": f"Case {self.case().reference}",
                "intro": f"Answering for {self.agency()}. Other agencies' answers are not "
                         "shown until moderation."}

    def form_valid(self, form):
        questions = {q: form.cleaned_data.get(f"q{q.pk}", "") for q in self.object.questions.all()}
        return self.save_through(form, lambda: services.audit_answer(
            case=self.case(), agency=self.agency(), answers=questions, by=self.request.user),
            done=f"Answers for case {self.case().reference} saved")


class AuditModeration(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Audit
    form_class = forms.ModerationForm
    title, submit = "Move to moderation", "Close answers and moderate"
    intro = "The agencies' answers close; everyone taking part sees them all at the meeting."

    def form_valid(self, form):
        return self.save_through(form, lambda: services.audit_to_moderation(
            audit=self.object, by=self.request.user, **form.cleaned_data),
            done="The audit is in moderation")


class AuditFindings(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Audit
    form_class = forms.FindingsForm
    title, submit = "Record the findings", "Record the findings"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cases": self.object.cases.all()}

    def form_valid(self, form):
        grades = {case: form.cleaned_data.get(f"case{case.pk}", "")
                  for case in self.object.cases.all()}
        return self.save_through(form, lambda: services.audit_findings(
            audit=self.object, findings=form.cleaned_data["findings"], grades=grades,
            by=self.request.user), done="Findings recorded")


class AuditActionAdd(FormPage):
    action = Action.MANAGE_ASSURANCE
    model = Audit
    form_class = forms.AuditActionForm
    title, submit = "Add an action from the audit", "Add the action"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agencies": self.object.agencies.order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.audit_action_add(
            audit=self.object, by=self.request.user, **form.cleaned_data),
            done="Action added to the tracker")


# -- independent scrutiny -------------------------------------------------------------------------


class ScrutinyHome(PolicyRequiredMixin, DetailView):
    """The year's scrutiny plan and what was done, the challenges and their responses, and the
    secure settings' and homes' yearly reports."""

    action = Action.VIEW_PARTNERSHIP
    model = Partnership
    template_name = "assurance/scrutiny.html"

    def get_context_data(self, **kwargs):
        user, partnership = self.request.user, self.object
        return super().get_context_data(
            activities=partnership.scrutiny_activities.all(),
            challenges=partnership.scrutiny_challenges.select_related("to_agency"),
            setting_reports=partnership.setting_reports.select_related("setting"),
            may_scrutinise=can(user, Action.SCRUTINISE, partnership),
            can_manage=can(user, Action.MANAGE_ASSURANCE, partnership),
            today=timezone.localdate(), **kwargs)


class ScrutinyPage(FormPage):
    """A scrutiny form about the partnership (its slug) or one record (its pk)."""

    def get_context_data(self, **kwargs):
        partnership = getattr(self.object, "partnership", self.object)
        return super().get_context_data(
            back=f"/assurance/scrutiny/{partnership.slug}/", caption=str(partnership), **kwargs)

    def done(self):
        partnership = getattr(self.object, "partnership", self.object)
        return f"/assurance/scrutiny/{partnership.slug}/"


class ActivityAdd(ScrutinyPage):
    action = Action.SCRUTINISE
    model = Partnership
    form_class = forms.ActivityForm
    title, submit = "Plan a scrutiny activity", "Add to the plan"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.scrutiny_plan(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Added to the scrutiny plan", then=self.done())


class ActivityDone(ScrutinyPage):
    action = Action.SCRUTINISE
    model = ScrutinyActivity
    form_class = forms.ActivityDoneForm
    title, submit = "Record what was done", "Record it"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.scrutiny_record(
            activity=self.object, by=self.request.user, **form.cleaned_data),
            done="Recorded", then=self.done())


class ScrutinyChallengeAdd(ScrutinyPage):
    action = Action.SCRUTINISE
    model = Partnership
    form_class = forms.ScrutinyChallengeForm
    title, submit = "Challenge a partner", "Send the challenge"

    def get_form_kwargs(self):
        from safeguarding.partnership.selectors import partner_agencies

        ids = [a.pk for a in partner_agencies(self.object)]
        return {**super().get_form_kwargs(),
                "agencies": Agency.objects.filter(pk__in=ids).order_by("name")}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.scrutiny_challenge(
            partnership=self.object, by=self.request.user, **form.cleaned_data),
            done="Challenge sent to the partner", then=self.done())


class ScrutinyChallengeDetail(ScrutinyPage):
    """The challenge, and the named partner's response."""

    action = Action.VIEW_PARTNERSHIP
    model = ScrutinyChallenge
    form_class = forms.ResponseForm
    template_name = "assurance/scrutiny_challenge.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_respond=can(self.request.user, Action.RESPOND_SCRUTINY, self.object)
            and self.object.responded_on is None, **kwargs)

    def form_valid(self, form):
        require(self.request, Action.RESPOND_SCRUTINY, self.object)
        return self.save_through(form, lambda: services.scrutiny_respond(
            challenge=self.object, by=self.request.user, **form.cleaned_data),
            done="Response recorded", then=self.done())


class SettingReportReceive(ScrutinyPage):
    action = Action.MANAGE_ASSURANCE
    model = SettingReport
    form_class = forms.SettingReportForm
    title, submit = "Record the report received", "Record it"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.setting_report_receive(
            report=self.object, by=self.request.user, **form.cleaned_data),
            done="Report recorded", then=self.done())

