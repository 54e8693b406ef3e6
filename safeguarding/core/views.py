"""The shared pages: the start page, "My work", the action tracker, the access log, the
retention decisions, the API's documentation and errors."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import defaults
from django.views.generic import DetailView, ListView, TemplateView

from safeguarding.accounts.access import (
    PolicyRequiredMixin,
    PublicView,
    RecordFormView,
    public,
)
from safeguarding.accounts.policy import Action, scope
from safeguarding.core import retention, selectors, services
from safeguarding.core.api import PROBLEM_JSON, api_operations, api_schema
from safeguarding.core.forms import AccessLogSearchForm, ActionUpdateForm, RetentionDecisionForm
from safeguarding.core.models import AccessEvent, ActionItem, Deadline, RetentionReview
from safeguarding.core.versioning import EditConflict

PAGE_SIZE = 50


class Home(PublicView, TemplateView):
    template_name = "core/home.html"


class StaticPage(PublicView, TemplateView):
    """A page of fixed text: the accessibility statement, the privacy notice."""


class ApiDocs(PublicView, TemplateView):
    """The API's documentation as a page to read: each call of its schema, grouped as the schema
    tags them, with the schema itself a link away. Made from the schema, so it never differs
    from what the API does. Public, like the schema: it describes the API, never any data."""

    template_name = "core/api_docs.html"

    def get_context_data(self, **kwargs):
        groups: dict[str, list] = {}
        for call in api_operations():
            heading = call.group.replace("-", " ").capitalize()
            # (its parts: a long path may wrap after any slash on a narrow screen)
            groups.setdefault(heading, []).append({"call": call, "parts": call.path.split("/")})
        return super().get_context_data(info=api_schema()["info"], groups=groups, **kwargs)


class MyWork(PolicyRequiredMixin, TemplateView):
    action = Action.VIEW_MY_WORK
    template_name = "core/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        actions = scope(user, Action.VIEW_ACTION, ActionItem.objects.all())
        mine = actions.filter(owner=user) | actions.filter(
            owner__isnull=True, owner_agency__role_grants__user=user
        )
        context.update(selectors.my_work(
            actions=ActionItem.objects.filter(pk__in=mine.values("pk")),
            # The deadlines of records the person acts on, not all those they may read.
            deadlines=scope(user, Action.MOVE_CASE, Deadline.objects.all()),
            today=today,
        ))
        context["today"] = today
        return context


class ActionList(PolicyRequiredMixin, ListView):
    action = Action.VIEW_ACTION
    scoped_list = True  # the owner of one action sees it here without any wider role
    model = ActionItem
    template_name = "core/action_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        status = self.request.GET.get("status", "open")
        overdue = self.request.GET.get("overdue") == "yes"
        return selectors.action_list(
            super().get_queryset(), status=status if status != "all" else "",
            overdue_on=timezone.localdate() if overdue else None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.request.GET.get("status", "open")
        context["overdue"] = self.request.GET.get("overdue") == "yes"
        context["statuses"] = [("open", "Open"), ("all", "All"), *ActionItem.Status.choices]
        context["today"] = timezone.localdate()
        return context


class ActionDetail(PolicyRequiredMixin, DetailView):
    action = Action.VIEW_ACTION
    model = ActionItem
    template_name = "core/action_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("owner_agency", "owner", "partnership")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.history_changes(self.object)
        context["today"] = timezone.localdate()
        return context


class ActionUpdate(RecordFormView):
    action = Action.UPDATE_ACTION
    model = ActionItem
    form_class = ActionUpdateForm
    template_name = "core/action_update.html"

    def get_initial(self):
        action = self.object
        return {
            "version": action.version, "status": action.status,
            "completion_evidence": action.completion_evidence,
            "impact_evidence": action.impact_evidence,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.action_update(action=self.object, expected_version=version,
                                   by=self.request.user, **data)
        except EditConflict as conflict:
            self.object = conflict.record
            return self.render_to_response(self.get_context_data(
                form=form, conflict=conflict, refreshed_version=conflict.record.version,
            ))
        messages.success(self.request, "Action updated")
        return redirect(self.object)


class AccessLog(PolicyRequiredMixin, TemplateView):
    action = Action.VIEW_ACCESS_LOG
    template_name = "core/access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AccessLogSearchForm(self.request.GET or None)
        events = AccessEvent.objects.none()
        if form.is_bound and form.is_valid():
            events = selectors.access_event_list(
                scope(self.request.user, Action.VIEW_ACCESS_LOG, AccessEvent.objects.all()),
                **form.cleaned_data,
            )
        elif not form.is_bound:
            events = selectors.access_event_list(
                scope(self.request.user, Action.VIEW_ACCESS_LOG, AccessEvent.objects.all())
            )
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=form, page_obj=page, events=page.object_list,
                       query=query.urlencode())
        return context


class RetentionList(PolicyRequiredMixin, TemplateView):
    """The case records past their retention period, waiting for the business manager's
    decision; and those decided in the last 90 days."""

    action = Action.REVIEW_RETENTION
    template_name = "core/retention_list.html"

    def get_context_data(self, **kwargs):
        reviews = scope(self.request.user, Action.REVIEW_RETENTION,
                        RetentionReview.objects.all()).select_related("decided_by")
        due = reviews.filter(status=RetentionReview.Status.DUE)
        page = Paginator(due, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, due=[(review, retention.RULES_BY_KEY[review.rule])
                                for review in page.object_list],
            decided=retention.recently_decided(reviews).order_by("-decided_at")[:PAGE_SIZE],
            rules=retention.RULES, **kwargs)


class RetentionDecide(RecordFormView):
    """Approve the disposal of one record (anonymised or deleted as its rule says), or keep it
    for longer with a reason."""

    action = Action.REVIEW_RETENTION
    model = RetentionReview
    template_name = "core/retention_review.html"
    form_class = RetentionDecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "disposal": self.rule.disposal}

    @property
    def rule(self):
        return retention.RULES_BY_KEY[self.object.rule]

    def get_context_data(self, **kwargs):
        return super().get_context_data(rule=self.rule, **kwargs)

    def form_valid(self, form):
        data, review = form.cleaned_data, self.object
        if data["decision"] == form.DISPOSE:
            return self.save_through(
                form, lambda: retention.retention_dispose(review=review, by=self.request.user),
                done=f"{review.record_label}: {self.rule.disposal}",
                then="core:retention")
        return self.save_through(
            form, lambda: retention.retention_keep(review=review, by=self.request.user,
                                                   reason=data["reason"],
                                                   keep_until=data["keep_until"]),
            done=f"{review.record_label}: kept for longer",
            then="core:retention")


@public
def csrf_failure(request, reason=""):
    services.access_log(request=request, kind=AccessEvent.Kind.CSRF_FAILED, detail=reason[:300])
    return render(request, "core/csrf_failure.html", status=403)


@public
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@public
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


DATABASE_UNAVAILABLE = ("The service cannot reach its database just now. What you sent may not "
                        "have been saved: in a minute, check before sending it again.")
RETRY_AFTER_SECONDS = 30


@public
def server_error(request):
    """A request that failed: the 500 page; or, when the database could not be reached (stopped,
    restarting, its connections cut), a 503 that says so, with Retry-After. Either way nothing
    of the request was saved: every write is one transaction. Rendered without the request's
    context, which would need the database."""
    failure = sys.exc_info()[1]
    if not isinstance(failure, (OperationalError, InterfaceError)):
        body = render_to_string("500.html", {"service_name": settings.SERVICE_NAME})
        return HttpResponse(body, status=500)
    return database_unavailable(request)


@public
def bad_request(request, exception=None):
    """A request refused as malformed: Django's 400 page. But when the database went away just
    as the request's session was being saved, Django says the session was "deleted" (a 400):
    that is the database's failure, and gets its 503."""
    if _database_failure_behind(exception):
        return database_unavailable(request)
    return defaults.bad_request(request, exception)


def _database_failure_behind(exception) -> bool:
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def database_unavailable(request):
    """The 503 that says the database cannot be reached, with Retry-After: a page, or for the API
    a problem."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"type": "about:blank", "title": "Service Unavailable", "status": 503,
             "detail": DATABASE_UNAVAILABLE}, status=503, content_type=PROBLEM_JSON)
    else:
        response = HttpResponse(render_to_string("503.html", {
            "service_name": settings.SERVICE_NAME, "retry_after": RETRY_AFTER_SECONDS}),
            status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
