"""The JSON API's shared parts, for every app's `api.py`.

- `ApiView`: an endpoint signed in by an API token (401 without a good one) and authorised by
  the access policy in its handler, as pages are (`require`, `get_in_scope`, `scope`).
- `problem_handler`: every refusal as RFC 9457 problem details (`application/problem+json`):
  a service's `ValidationError` and a refused field are 422 with the messages by field, a
  refused workflow move or an edit conflict 409, the policy's refusal 403, a missing record 404,
  too many calls 429 with `Retry-After`, saying whether the token's (or agency's) limit or the
  caller's address's was reached (the rates: `accounts/throttling.py`).
- `problem_responses()`: the same problems, declared in the OpenAPI schema.
- `form_says`, `notification_base()`: a serializer's words taken from the page's form, and the
  fields every notification an agency's system sends begins with.
- `Schema`, `SchemaJson`, `ProblemTypeDetail`, `NoSuchEndpoint`: the schema (YAML, and JSON
  at `openapi.json`), the problem types' own pages, and a 404 in JSON for a path the API does
  not have.
- `ApiIndex`, `api_operations()`: the API's root (`/api/v1/`), linking its documentation, its
  schema and its calls; and every call of the schema, which the documentation page lists too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView, set_rollback

from safeguarding.core.versioning import EditConflict
from safeguarding.core.workflow import MoveRefused

PROBLEM_JSON = "application/problem+json"
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

NOT_SIGNED_IN = "Send your API token in the Authorization header: Bearer followed by the token"
NOT_ALLOWED = "You do not have permission to do this"
NOT_FOUND = "There is no such record"
TOO_MANY = ("Too many calls from this API token or your agency's tokens: try again in "
            "{seconds} seconds")
TOO_MANY_FROM_ADDRESS = "Too many calls from your address: try again in {seconds} seconds"

# The largest id a database column holds (a 64-bit integer): a larger one names no record, and
# asking the database for it would fail rather than find nothing.
LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class ProblemType:
    slug: str
    title: str
    status: int
    description: str


PROBLEM_TYPES = {problem.slug: problem for problem in (
    ProblemType("validation", "Check the values you sent", 422,
                "A value is missing or was refused. `errors` lists the messages by field, the "
                "same words the notification pages show; `non_field_errors` holds those about "
                "the request as a whole. Nothing was saved."),
    ProblemType("move-refused", "This step cannot be taken now", 409,
                "The record is not at a stage where this step is allowed, or something must be "
                "recorded first. `detail` says what. Nothing was changed."),
    ProblemType("edit-conflict", "Someone else changed this record", 409,
                "The record was saved by someone else after the version you sent. Read it again "
                "(`changed` names the fields they changed), then send your changes with the new "
                "version. Nothing was saved."),
)}


def problem_type_uri(slug: str) -> str:
    # Relative, so the same problem has the same type whichever address the service runs at.
    return reverse("api:problem-type", args=[slug])


def problem(status: int, detail: str, *, kind: str | None = None, headers=None,
            **extra) -> Response:
    """A problem details response. Without `kind` the type is "about:blank" and the title is
    the HTTP status's own phrase, as RFC 9457 asks."""
    if kind is None:
        body = {"type": "about:blank", "title": HTTPStatus(status).phrase}
    else:
        body = {"type": problem_type_uri(kind), "title": PROBLEM_TYPES[kind].title}
    body.update(status=status, detail=detail, **extra)
    return Response(body, status=status, headers=headers, content_type=PROBLEM_JSON)


def form_says(form_class, name: str, *, date=False, also=()) -> dict:
    """A serializer field's error messages in the page's own words: the form field's message for
    a missing (or, for a date, malformed) value, and its messages for each kind in `also`."""
    field = form_class.base_fields[name]
    message = field.error_messages["required"]
    words = {"required": message, "blank": message, "null": message}
    if date:
        words["invalid"] = f"{message} as a date in the form YYYY-MM-DD, like 2027-03-27"
    for kind in also:
        if kind in field.error_messages and not date:
            words[kind] = field.error_messages[kind]
    return words


def notification_base(*, partnership_model, agency_model,
                      says: Callable[[str], dict]) -> type[serializers.Serializer]:
    """The base of a notification an agency's system sends (a serious incident's, a child
    death's): the partnership told, the agency telling it, the agency's reference for the child's
    record and the pseudonym, as the notification pages ask for them and refused in their words
    (`says`: a field's name to its messages). Core knows no domain app, so the app names the
    partnership and agency models. With a request, each person is offered only their own
    choices: the app's `offer_choices_of(user)` sets them."""

    class NotificationBase(serializers.Serializer):
        partnership = serializers.SlugRelatedField(
            slug_field="slug", queryset=partnership_model.objects.none(),
            help_text="The partnership's short name in its addresses, like `leeds`.",
            error_messages={**says("partnership"),
                            "does_not_exist": "There is no partnership “{value}” you may notify"})
        notifying_agency = serializers.PrimaryKeyRelatedField(
            queryset=agency_model.objects.none(), help_text="Your agency's id.",
            error_messages={**says("notifying_agency"),
                            "does_not_exist": "You may not notify for agency {pk_value}"})
        reference = serializers.CharField(max_length=40, error_messages=says("reference"),
                                          help_text="Your agency's reference for the child's "
                                                    "record. Never the child's name.")
        pseudonym = serializers.CharField(max_length=40, error_messages=says("pseudonym"),
                                          help_text="Like Child A.")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            request = self.context.get("request")
            if request is not None:  # (the schema describes the fields without anyone's choices)
                self.offer_choices_of(request.user)

        def offer_choices_of(self, user):
            """The choices the app's notification page offers this person."""
            raise NotImplementedError

    return NotificationBase


def problem_handler(exc, context):
    """REST framework's EXCEPTION_HANDLER: every refusal as problem details. Anything else is
    left to Django (a 500, logged)."""
    if isinstance(exc, exceptions.Throttled):
        response = _too_many(exc, context.get("request"))
    else:
        response = _problem_for(exc)
    if response is not None:
        set_rollback()
    return response


def _problem_for(exc) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return validation_problem(_django_errors(exc))
    if isinstance(exc, exceptions.ValidationError):
        return validation_problem(_drf_errors(exc.detail))
    if isinstance(exc, MoveRefused):
        return problem(409, str(exc), kind="move-refused")
    if isinstance(exc, EditConflict):
        return problem(409, exc.message, kind="edit-conflict",
                       changed=[change.field for change in exc.changes])
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, str(exc) or NOT_ALLOWED)
    if isinstance(exc, Http404):
        return problem(404, NOT_FOUND)
    if isinstance(exc, exceptions.APIException):
        return _framework_problem(exc)
    return None


def _framework_problem(exc: exceptions.APIException) -> Response:
    """REST framework's own refusals: 400 (not JSON), 401, 405, 406, 415."""
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    detail = NOT_SIGNED_IN if isinstance(exc, exceptions.NotAuthenticated) else str(exc.detail)
    return problem(exc.status_code, detail, headers=headers)


def _too_many(exc: exceptions.Throttled, request) -> Response:
    """429: a call with a token was over its token's or its agency's limit; one without (none is
    looked at on a public endpoint) over its address's."""
    seconds = max(1, math.ceil(exc.wait or 1))
    words = TOO_MANY if getattr(request, "auth", None) is not None else TOO_MANY_FROM_ADDRESS
    return problem(429, words.format(seconds=seconds), headers={"Retry-After": str(seconds)})


def validation_problem(errors: dict[str, list[str]]) -> Response:
    messages = [message for field_messages in errors.values() for message in field_messages]
    return problem(422, "; ".join(messages), kind="validation", errors=errors)


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD: list(exc.messages)}
    return {NON_FIELD if field == NON_FIELD_ERRORS else field: list(messages)
            for field, messages in exc.message_dict.items()}


def _drf_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """REST framework's nested errors, flattened: {"agencies_involved": [...]} or, for an item
    of a list, {"children.0.age_band": [...]}."""
    if isinstance(detail, dict):
        found = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            found.update(_drf_errors(value, name))
        return found
    items = detail if isinstance(detail, list) else [detail]
    if any(isinstance(item, (dict, list)) for item in items):
        found = {}
        for index, item in enumerate(items):
            if item:
                found.update(_drf_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return found
    return {prefix or NON_FIELD: [str(item) for item in items]}


# -- the schema's words for the same problems -----------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; `about:blank` for "
                                           "a plain HTTP status.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong this time, in words to show.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="Validation problems only: the messages by field.")
    changed = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="Edit conflicts only: the fields someone else "
                                              "changed.")


PROBLEM_MEANS = {
    401: "No API token, or one that is not valid, has expired or was revoked.",
    403: "The access policy does not let you do this (to this record).",
    404: "There is no such record.",
    409: "The step cannot be taken now, or someone else changed the record first.",
    422: "A value is missing or was refused; `errors` lists the messages by field.",
    429: "Too many calls: wait the number of seconds in the `Retry-After` header, then try "
         "again.",
}


def problem_responses(*statuses: int) -> dict:
    """For `extend_schema(responses=...)`: the problems an endpoint may answer with. Every
    endpoint is rate-limited too (by token, or by address without one), so may answer 429."""
    if 429 not in statuses:
        statuses = (*statuses, 429)
    return {(status, PROBLEM_JSON): OpenApiResponse(ProblemSerializer,
                                                    description=PROBLEM_MEANS[status])
            for status in statuses}


# A partnership's short name in a public path, as the URL pattern takes it (`<slug:slug>`): the
# schema says so, so a client knows anything else names no partnership.
PARTNERSHIP_SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, required=True, pattern="^[-a-zA-Z0-9_]+$",
    description="The partnership's short name in its addresses, like `leeds`.")


def ids_in_paths_are_positive(result, generator, request, public):
    """drf-spectacular's postprocessing hook: a record's id in a path is a whole number from 1
    (as the URL patterns take it) to the largest a database holds, so the schema says so."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=1, maximum=LARGEST_ID)
    return result


# -- the views every app builds on ----------------------------------------------------------------


class ApiView(GenericAPIView):
    """An endpoint of the JSON API. Signed in by an API token only (never the browser's session,
    so no forged form can reach it); the default permission answers 401 without one. The handler
    authorises through the access policy as a page does; `action` names the policy action the
    endpoint is about, as on `PolicyRequiredMixin`."""

    access_rule = "policy"
    action: str

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any(isinstance(value, int) and not 0 < value <= LARGEST_ID
               for value in kwargs.values()):
            raise Http404("No such record")


class PublicApiView(APIView):
    """Part of the API anyone may read: no token asked for, none looked at."""

    access_rule = "public"
    authentication_classes = ()
    permission_classes = (AllowAny,)


class Schema(PublicApiView, SpectacularAPIView):
    """The OpenAPI schema (YAML; JSON with `?format=json`). It describes the API, never data."""


class SchemaJson(PublicApiView, SpectacularJSONAPIView):
    """The same OpenAPI schema, always as JSON (`/api/v1/openapi.json`), for tools that want
    the conventional address."""


@extend_schema(exclude=True)
class ProblemTypeDetail(PublicApiView):
    """What a problem type means: where a problem's `type` leads."""

    def get(self, request, slug):
        found = PROBLEM_TYPES.get(slug)
        if found is None:
            raise Http404(slug)
        return Response({**asdict(found), "type": problem_type_uri(slug)})


@extend_schema(exclude=True)
class NoSuchEndpoint(PublicApiView):
    """A path under the API that names nothing: a 404 in JSON rather than an HTML page."""

    def initial(self, request, *args, **kwargs):
        detail = f"There is nothing at {request.path}"
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "view_class", None) is not NoSuchEndpoint:
                detail += f". Paths end with a slash: {request.path}/"
        raise exceptions.NotFound(detail)


# -- the API's root, and what it and the documentation page list ---------------------------------


@cache
def api_schema() -> dict:
    """The OpenAPI schema, as `openapi.json` serves it, made once a process: it describes the
    code, which does not change while the process runs."""
    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass(frozen=True)
class Operation:
    """One call of the API, as its schema declares it."""

    method: str
    path: str
    summary: str
    needs_token: bool
    group: str


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def api_operations() -> list[Operation]:
    """Every call of the API, in the schema's order (by path), with its group (the schema's
    tag: the path's first part, like `serious-incidents`)."""
    return [
        Operation(method=method.upper(), path=path, summary=str(operation.get("summary", "")),
                  # A call anyone may make declares an empty requirement: no token.
                  needs_token={} not in operation.get("security", []),
                  group=str((operation.get("tags") or [""])[0]))
        for path, methods in api_schema()["paths"].items()
        for method, operation in methods.items() if method in HTTP_METHODS
    ]


class ApiCallSerializer(serializers.Serializer):
    method = serializers.CharField(help_text="GET, POST or PATCH.")
    path = serializers.CharField(help_text="Its path; a part in braces, like `{id}`, is filled in.")
    summary = serializers.CharField(help_text="What it does.")
    needs_token = serializers.BooleanField(help_text="Whether it needs an API token.")


class ApiIndexLinksSerializer(serializers.Serializer):
    self = serializers.URLField(help_text="Here.")
    docs = serializers.URLField(help_text="The documentation, a page to read in a browser.")
    schema = serializers.URLField(help_text="The OpenAPI schema, as JSON.")
    schema_yaml = serializers.URLField(help_text="The same schema, as YAML.")
    tokens = serializers.URLField(help_text="Where a person makes an API token, signed in to "
                                            "the platform.")


class ApiIndexSerializer(serializers.Serializer):
    title = serializers.CharField()
    version = serializers.CharField()
    description = serializers.CharField()
    links = ApiIndexLinksSerializer()
    calls = ApiCallSerializer(many=True, help_text="Every call of the API.")


class ApiIndex(PublicApiView):
    """The API's root (`/api/v1/`): its documentation, its schema and its calls, for someone
    (or a tool) starting here. Anyone may read it: it describes the API, never any data."""

    @extend_schema(operation_id="api_index", tags=["index"], summary="Where the API starts",
                   description="Links to this API's documentation and schema, and lists its "
                               "calls. No token needed.",
                   responses={200: ApiIndexSerializer, **problem_responses()})
    def get(self, request):
        info = api_schema()["info"]
        link = request.build_absolute_uri
        index_path = reverse("api:index")
        return Response({
            "title": str(info["title"]), "version": str(info["version"]),
            "description": str(info.get("description", "")),
            "links": {"self": link(index_path), "docs": link(reverse("api:docs")),
                      "schema": link(reverse("api:openapi-json")),
                      "schema_yaml": link(reverse("api:schema")),
                      "tokens": link(reverse("accounts:api-tokens"))},
            "calls": [{"method": call.method, "path": call.path, "summary": call.summary,
                       "needs_token": call.needs_token}
                      for call in api_operations() if call.path != index_path],
        })
