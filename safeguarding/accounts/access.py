"""How views go through the access policy. Every view in the platform is one of:

- public (`PublicView` or `@public`): published material and the sign-in pages, no login;
- signed-in only (`SignedInView`): pages about the person themselves (their account, two-factor);
- policy-checked (`PolicyRequiredMixin` with an `action`, or `@policy_required(action)`).

A test walks every URL pattern and fails on a view that is none of these.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from safeguarding.accounts import policy
from safeguarding.core.forms import add_service_errors
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log
from safeguarding.core.versioning import EditConflict

ACCESS_MARK = "access_rule"


def public(view):
    """A page anyone may read without signing in."""
    view = login_not_required(view)
    setattr(view, ACCESS_MARK, "public")
    return view


def signed_in(view):
    """A page about the signed-in person only (no record of anyone else's)."""
    setattr(view, ACCESS_MARK, "signed_in")
    return view


def policy_required(action: policy.Action):
    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            require(request, action)
            return view(request, *args, **kwargs)

        setattr(checked, ACCESS_MARK, f"policy:{action}")
        return checked

    return decorator


def require(request, action: policy.Action, record=None):
    """Refuse (403, logged) unless the policy allows `action` on `record`."""
    if not policy.can(request.user, action, record):
        access_log(request=request, kind=AccessEvent.Kind.DENIED, record=record,
                   detail=f"Refused: {action}")
        raise PermissionDenied("You do not have permission to do this.")


def get_in_scope(request, action: policy.Action, model, pk):
    """The record `pk` if the policy lets this person do `action` to it; a refusal (403, logged)
    if it exists out of their reach; a 404 if it does not exist."""
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise Http404("No such record")
    require(request, action, found)
    return found


class PublicView:
    access_rule = "public"

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


class SignedInView:
    access_rule = "signed_in"


class PolicyRequiredMixin:
    """Authorise through the policy before anything else runs.

    `action` is checked for the page as a whole; views with an object check it against the
    object too, fetched only from the records the policy lets this user see (`scope`). A record
    that exists but is out of reach is refused and logged; one that does not exist is a 404.
    """

    action: policy.Action
    access_rule = "policy"
    log_views = False  # case records set this: every view goes in the access log
    # A list that anyone signed in may open: `scope` alone decides what is on it (a seat on a
    # group shows that group's meetings, whatever the person's roles).
    scoped_list = False

    def dispatch(self, request, *args, **kwargs):
        # A page about one record is decided by the record (`scope`, in get_object): the owner
        # of one action may open it without any role that reaches the rest.
        about_one_record = (getattr(self, "pk_url_kwarg", "pk") in kwargs
                            or getattr(self, "slug_url_kwarg", "slug") in kwargs)
        if request.user.is_authenticated and not about_one_record and not self.scoped_list:
            require(request, self.action)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return policy.scope(self.request.user, self.action, super().get_queryset())

    def get_object(self, queryset=None):
        model_queryset = super().get_queryset()
        if self.pk_url_kwarg in self.kwargs:
            lookup = {"pk": self.kwargs[self.pk_url_kwarg]}
        else:
            lookup = {self.get_slug_field(): self.kwargs.get(self.slug_url_kwarg)}
        try:
            obj = super().get_object(queryset)
        except Http404:
            found = model_queryset.filter(**lookup).first()
            if found is None:
                raise
            access_log(request=self.request, kind=AccessEvent.Kind.DENIED, record=found,
                       detail=f"Refused: {self.action}")
            raise PermissionDenied("You do not have permission to see this record.") from None
        if self.log_views:
            access_log(request=self.request, kind=AccessEvent.Kind.VIEW, record=obj)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None:
            context["allowed"] = Allowed(self.request.user, obj)
        return context


class Allowed:
    """What a page may offer on its record: `{% if "publish_review" in allowed %}` asks the
    policy about that action alone, once, when the template asks (a page asks about one or two
    actions, not every action there is)."""

    def __init__(self, user, record):
        self.user, self.record, self.answers = user, record, {}

    def __contains__(self, name) -> bool:
        name = str(name)
        if name not in self.answers:
            try:
                action = policy.Action(name)
            except ValueError:  # not an action at all: nobody may do it
                self.answers[name] = False
            else:
                self.answers[name] = policy.can(self.user, action, self.record)
        return self.answers[name]


class RecordFormView(PolicyRequiredMixin, SingleObjectMixin, FormView):
    """A form about one record (a meeting's attendance, a group's new member): the record is
    fetched through the policy before anything else, and is `self.object` throughout."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)

    def save_through(self, form, write, *, done: str, then=None):
        """Run the service call `write()`: what it refuses goes back on the form, by field, with
        nothing saved; what it saves is confirmed and the person goes on to `then`."""
        try:
            write()
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(error, form)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(then or self.object)
