"""The library of multi-agency policies and procedures: versions, the owner group, review dates
(an overdue review is in "My work"), consultation comments and publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from safeguarding.accounts.access import (
    PolicyRequiredMixin,
    RecordFormView,
    get_in_scope,
)
from safeguarding.accounts.policy import Action, can
from safeguarding.core.forms import add_service_errors
from safeguarding.engagement import forms, selectors, services
from safeguarding.engagement.models import Policy
from safeguarding.engagement.views.voice import managed_partnerships, warn_undefined


class PolicyList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_POLICY
    model = Policy
    template_name = "engagement/policy_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.policy_list(super().get_queryset(), today=timezone.localdate(),
                                     overdue=self.request.GET.get("overdue") == "yes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=timezone.localdate(), overdue=self.request.GET.get("overdue") == "yes",
            can_manage=can(self.request.user, Action.MANAGE_POLICY), **kwargs)


class PolicyCreate(PolicyRequiredMixin, FormView):
    action = Action.MANAGE_POLICY
    form_class = forms.PolicyForm
    template_name = "engagement/policy_form.html"

    def get_form_kwargs(self):
        partnerships = managed_partnerships(self.request.user, self.action)
        return {**super().get_form_kwargs(), "partnerships": partnerships,
                "groups": selectors.groups_of(partnerships.first()) if partnerships else []}

    def form_valid(self, form):
        try:
            policy = services.policy_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, "Draft saved")
        warn_undefined(self.request, policy.partnership, policy.title, policy.summary)
        return redirect(policy)


class PolicyDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_POLICY
    model = Policy
    template_name = "engagement/policy_detail.html"

    def get_context_data(self, **kwargs):
        policy = self.object
        return super().get_context_data(
            versions=selectors.versions_of(policy), latest=selectors.latest_version(policy),
            deadlines=selectors.deadlines_of(policy), today=timezone.localdate(),
            publish_form=forms.PublishForm(initial={"version": policy.version}),
            comment_form=forms.CommentForm(), **kwargs)


class PolicyVersionAdd(RecordFormView):
    action = Action.MANAGE_POLICY
    model = Policy
    form_class = forms.VersionForm
    template_name = "engagement/policy_version_form.html"

    def get_initial(self):
        latest = selectors.latest_version(self.object)
        return {"text": latest.text if latest else ""}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.policy_version_add(
            policy=self.object, by=self.request.user, **form.cleaned_data),
            done="New version saved as a draft")


class PolicyConsult(PolicyRequiredMixin, View):
    action = Action.MANAGE_POLICY

    def post(self, request, pk):
        policy = get_in_scope(request, self.action, Policy, pk)
        services.policy_consult(policy=policy, by=request.user)
        messages.success(request, "Out for consultation: people can now comment")
        return redirect(policy)


class PolicyCommentAdd(RecordFormView):
    action = Action.COMMENT_POLICY
    model = Policy
    form_class = forms.CommentForm
    template_name = "engagement/policy_comment_form.html"

    def form_valid(self, form):
        return self.save_through(form, lambda: services.policy_comment(
            policy=self.object, by=self.request.user, **form.cleaned_data),
            done="Comment sent")


class PolicyPublish(RecordFormView):
    action = Action.MANAGE_POLICY
    model = Policy
    form_class = forms.PublishForm
    template_name = "engagement/policy_publish_form.html"

    def get_initial(self):
        return {"version": self.object.version}

    def form_valid(self, form):
        return self.save_through(form, lambda: services.policy_publish(
            policy=self.object, by=self.request.user,
            review_due_on=form.cleaned_data["review_due_on"],
            expected_version=form.cleaned_data["version"]), done="Published")
