"""The voice of children and families: survey results, contributions from the Student LSCP and
the Young Scrutineer, and "you said, we did" with the actions each theme produced."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from safeguarding.accounts.access import PolicyRequiredMixin, RecordFormView, get_in_scope
from safeguarding.accounts.policy import Action, scope
from safeguarding.core.forms import add_service_errors
from safeguarding.engagement import forms, rules, selectors, services
from safeguarding.engagement.models import Contribution, Survey, YouSaidWeDid


def managed_partnerships(user, action=Action.MANAGE_ENGAGEMENT):
    return scope(user, action, selectors.partnerships_listed())


def warn_undefined(request, partnership, *texts) -> None:
    """The editor's check: a public text that uses an acronym the glossary does not define."""
    missing = rules.undefined_acronyms(texts, selectors.glossary_for(partnership))
    if missing:
        messages.warning(request, rules.UNDEFINED_WARNING.format(terms=", ".join(missing)))


class VoiceHome(PolicyRequiredMixin, TemplateView):
    action = Action.MANAGE_ENGAGEMENT
    template_name = "engagement/voice.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            partnerships=managed_partnerships(user),
            surveys=selectors.surveys_of(scope(user, self.action, Survey.objects.all())),
            contributions=selectors.contributions_of(
                scope(user, self.action, Contribution.objects.all()))[:20],
            responses=selectors.responses_of(scope(user, self.action,
                                                   YouSaidWeDid.objects.all())),
            **kwargs)


class SurveyImport(PolicyRequiredMixin, FormView):
    action = Action.MANAGE_ENGAGEMENT
    form_class = forms.SurveyImportForm
    template_name = "engagement/survey_import.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "partnerships": managed_partnerships(self.request.user)}

    def form_valid(self, form):
        try:
            survey = services.survey_import(by=self.request.user, upload=form.cleaned_data["file"],
                                            partnership=form.cleaned_data["partnership"],
                                            title=form.cleaned_data["title"],
                                            year=form.cleaned_data["year"])
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, f"Imported {survey.results.count()} results of "
                                       f"{survey}")
        return redirect(survey)


class SurveyDetail(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_ENGAGEMENT
    model = Survey
    template_name = "engagement/survey_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tables=selectors.survey_tables(self.object),
                                        total=selectors.survey_total(self.object), **kwargs)


class ContributionCreate(PolicyRequiredMixin, FormView):
    action = Action.MANAGE_ENGAGEMENT
    form_class = forms.ContributionForm
    template_name = "engagement/contribution_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "partnerships": managed_partnerships(self.request.user)}

    def form_valid(self, form):
        services.contribution_add(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Contribution recorded")
        return redirect("engagement:voice")


class ResponseCreate(PolicyRequiredMixin, FormView):
    action = Action.MANAGE_ENGAGEMENT
    form_class = forms.ResponseForm
    template_name = "engagement/response_form.html"

    def get_form_kwargs(self):
        partnerships = managed_partnerships(self.request.user)
        return {**super().get_form_kwargs(), "partnerships": partnerships,
                "contributions": scope(self.request.user, self.action,
                                       Contribution.objects.all()).order_by("-received_on")}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            response = services.response_save(by=self.request.user, **data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Saved. Add the actions it produced, then publish it.")
        warn_undefined(self.request, response.partnership, response.theme, response.you_said,
                       response.we_did)
        return redirect(response)


class ResponseDetail(PolicyRequiredMixin, DetailView):
    action = Action.MANAGE_ENGAGEMENT
    model = YouSaidWeDid
    template_name = "engagement/response_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=selectors.actions_of(self.object),
                                        sources=self.object.contributions.all(),
                                        today=timezone.localdate(), **kwargs)


class ResponseEdit(RecordFormView):
    action = Action.MANAGE_ENGAGEMENT
    model = YouSaidWeDid
    form_class = forms.ResponseForm
    template_name = "engagement/response_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "partnerships": managed_partnerships(self.request.user).filter(
                    pk=self.object.partnership_id),
                "contributions": selectors.contribution_choices(self.object.partnership)}

    def get_initial(self):
        response = self.object
        return {"partnership": response.partnership, "theme": response.theme,
                "you_said": response.you_said, "we_did": response.we_did,
                "contributions": response.contributions.all(), "version": response.version}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.pop("partnership")
        version = data.pop("version")
        page = self.save_through(form, lambda: services.response_save(
            partnership=self.object.partnership, response=self.object, expected_version=version,
            by=self.request.user, **data), done="Saved")
        if page.status_code == 302:
            warn_undefined(self.request, self.object.partnership, data["theme"],
                           data["you_said"], data["we_did"])
        return page


class ResponseActionAdd(RecordFormView):
    action = Action.MANAGE_ENGAGEMENT
    model = YouSaidWeDid
    form_class = forms.ActionForm
    template_name = "engagement/response_action_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "agencies": selectors.agencies_of(self.object.partnership)}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.response_action_add(
            response=self.object, by=self.request.user, **form.cleaned_data),
            done="Action added to the tracker")


class ResponsePublish(PolicyRequiredMixin, View):
    action = Action.MANAGE_ENGAGEMENT

    def post(self, request, pk):
        response = get_in_scope(request, self.action, YouSaidWeDid, pk)
        try:
            services.response_publish(response=response, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, f"Published: {response.theme}")
        return redirect(response)
