"""The JSON API for serious incidents: an agency's own case-management system sends a partnership
notification, as its safeguarding lead would on the notification page.

It also lets an agency's system answer the information requests made of its agency, as the
agency's lead would on the request's page.

Every endpoint does what the page does: the access policy decides (`require`, `get_in_scope`,
`scope`), one service writes (`incident_draft_save`, `incident_submit`, `incident_move`,
`request_answer`), and reading a case or a request is in the access log. Mounted at
/api/v1/serious-incidents/ by `safeguarding.api`.
"""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from safeguarding.accounts.access import get_in_scope, require
from safeguarding.accounts.policy import Action, scope, standing
from safeguarding.core.api import (
    LARGEST_ID,
    ApiView,
    form_says,
    notification_base,
    problem_responses,
)
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log
from safeguarding.reviews import forms, selectors, services
from safeguarding.reviews.models import (
    AgeBand,
    Incident,
    InformationRequest,
    LegalStatus,
    Sex,
)

app_name = "reviews"

# The partnership app's models, reached through the incident's own foreign keys: reviews meets
# that app only through its services and selectors (the import contract).
Partnership = Incident._meta.get_field("partnership").related_model
Agency = Incident._meta.get_field("notifying_agency").related_model

VERSION_NEEDED = "Send the version you read, so a change made since is not overwritten"


def page_says(name: str, *, date=False) -> dict:
    """The notification page's own words for a missing (or, for a date, malformed) value."""
    return form_says(forms.NotificationForm, name, date=date)


# -- what a system sends --------------------------------------------------------------------------


class NotificationIn(notification_base(partnership_model=Partnership, agency_model=Agency,
                                        says=page_says)):
    """A partnership notification, field for field as the notification page asks for it."""

    age_band = serializers.ChoiceField(AgeBand.choices, error_messages=page_says("age_band"))
    sex = serializers.ChoiceField(Sex.choices, error_messages=page_says("sex"))
    ethnicity = serializers.CharField(max_length=100, error_messages=page_says("ethnicity"))
    disability = serializers.ChoiceField(
        forms.NotificationForm.base_fields["disability"].choices,
        error_messages=page_says("disability"))
    legal_status = serializers.ChoiceField(LegalStatus.choices,
                                           error_messages=page_says("legal_status"))
    incident_date = serializers.DateField(required=False, allow_null=True, default=None,
                                          error_messages=page_says("incident_date", date=True),
                                          help_text="If known.")
    became_aware = serializers.DateField(error_messages=page_says("became_aware", date=True),
                                         help_text="Today or earlier.")
    child_died = serializers.BooleanField(default=False)
    summary = serializers.CharField(error_messages=page_says("summary"),
                                    help_text="Use the pseudonym. No names or addresses.")
    agencies_involved = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Agency.objects.none(),
        help_text="Ids of the agencies involved with the child or family.")
    immediate_actions = serializers.CharField(error_messages=page_says("immediate_actions"))
    send = serializers.BooleanField(default=False, help_text="Send it to the partnership now; "
                                                             "otherwise it is kept as a draft.")

    def offer_choices_of(self, user):
        """The choices the notification page offers this person (views.IncidentCreate)."""
        held = standing(user)
        partnerships = scope(user, Action.NOTIFY_INCIDENT, Partnership.objects.all())
        if "partnership" in self.fields:
            self.fields["partnership"].queryset = partnerships
        self.fields["notifying_agency"].queryset = selectors.notifying_agencies(
            agency_ids=held.agencies_for(Action.NOTIFY_INCIDENT),
            partnership_ids=held.partnerships_for(Action.NOTIFY_INCIDENT))
        self.fields["agencies_involved"].child_relation.queryset = selectors.notifying_agencies(
            agency_ids=(), partnership_ids=partnerships.values("pk"))


class NotificationChange(NotificationIn):
    """Changes to your own draft: only the fields that change, and the version you read."""

    partnership = None  # a draft stays in the partnership it was started in
    send = None  # sending is its own step (`.../send/`)
    version = serializers.IntegerField(min_value=1, help_text="The `version` you read.")

    def validate(self, attrs):
        if "version" not in attrs:
            raise serializers.ValidationError({"version": VERSION_NEEDED})
        return attrs


class NotificationFilters(serializers.Serializer):
    status = serializers.ChoiceField(Incident.Status.choices, required=False)
    agency = serializers.IntegerField(required=False, min_value=1, max_value=LARGEST_ID,
                                      help_text="Notified by, or involving, this agency.")
    year = serializers.RegexField(r"^\d{4}[-/]\d{2}$", required=False,
                                  help_text="Became aware in this business year, like 2026-27.")


# -- what it reads back ---------------------------------------------------------------------------


class NotificationLinks(serializers.Serializer):
    self = serializers.URLField(help_text="This notification in the API.")
    page = serializers.URLField(help_text="Its page on the platform, for people.")
    send = serializers.URLField(required=False, help_text="Drafts only: POST here to send it.")


class NotificationSummary(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = ["id", "status", "status_label", "reference", "pseudonym", "partnership",
                  "notifying_agency", "became_aware", "notified_at", "links"]
        read_only_fields = fields

    @extend_schema_field(NotificationLinks)
    def get_links(self, incident) -> dict:
        absolute = self.context["request"].build_absolute_uri
        links = {"self": absolute(reverse("api:reviews:notification-detail", args=[incident.pk])),
                 "page": absolute(incident.get_absolute_url())}
        if incident.status == Incident.Status.DRAFT:
            links["send"] = absolute(reverse("api:reviews:notification-send",
                                             args=[incident.pk]))
        return links


class Notification(NotificationSummary):
    class Meta(NotificationSummary.Meta):
        fields = [*NotificationSummary.Meta.fields[:-1], "version", "age_band", "sex",
                  "ethnicity", "disability", "legal_status", "incident_date", "child_died",
                  "summary", "agencies_involved", "immediate_actions", "links"]
        read_only_fields = fields


# -- the endpoints --------------------------------------------------------------------------------


class NotificationEndpoint(ApiView):
    action = Action.VIEW_CASE

    def shown(self, incident, status=200, **headers):
        return Response(Notification(incident, context=self.get_serializer_context()).data,
                        status=status, headers=headers)


class NotificationList(NotificationEndpoint):
    """The notifications you may see (`scope` decides, as on the case list); a new one."""

    @extend_schema(operation_id="notifications_list", parameters=[NotificationFilters],
                   summary="The notifications you may see",
                   description="The serious incidents you may see, newest first, 50 a page: "
                               "the same as the case list on the platform.",
                   responses={200: NotificationSummary(many=True),
                              **problem_responses(401, 422)})
    def get(self, request):
        filters = NotificationFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        incidents = selectors.incident_list(
            scope(request.user, Action.VIEW_CASE, Incident.objects.all()),
            **filters.validated_data)
        page = self.paginate_queryset(incidents)
        return self.get_paginated_response(
            NotificationSummary(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(operation_id="notifications_create", request=NotificationIn,
                   summary="Notify a potential serious child safeguarding incident",
                   description="Saved as your draft, which nobody else sees, or sent to the "
                               "partnership at once with `\"send\": true`: its review group is "
                               "told and you get the acknowledgement e-mail (the case "
                               "reference only).",
                   responses={201: Notification, **problem_responses(401, 403, 422)})
    def post(self, request):
        require(request, Action.NOTIFY_INCIDENT)
        given = NotificationIn(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        send = data.pop("send")
        incident = services.incident_draft_save(
            by=request.user, partnership=data.pop("partnership"),
            notifying_agency=data.pop("notifying_agency"),
            agencies_involved=data.pop("agencies_involved", []), **data)
        if send:
            incident = services.incident_submit(incident=incident, by=request.user)
        location = reverse("api:reviews:notification-detail", args=[incident.pk])
        return self.shown(incident, status=201, Location=request.build_absolute_uri(location))


class NotificationDetail(NotificationEndpoint):
    """One notification (every reading is in the access log); change your own draft."""

    @extend_schema(operation_id="notifications_read", summary="One notification",
                   description="Every reading is in the access log, as on the case's page.",
                   responses={200: Notification, **problem_responses(401, 403, 404)})
    def get(self, request, pk):
        incident = get_in_scope(request, Action.VIEW_CASE, Incident, pk)
        access_log(request=request, kind=AccessEvent.Kind.VIEW, record=incident)
        return self.shown(incident)

    @extend_schema(operation_id="notifications_change", request=NotificationChange,
                   summary="Change your draft",
                   description="Send only what changes, with the `version` you read. Only the "
                               "person who started a draft may change it, and only until it "
                               "is sent.",
                   responses={200: Notification, **problem_responses(401, 403, 404, 409, 422)})
    def patch(self, request, pk):
        incident = get_in_scope(request, Action.NOTIFY_INCIDENT, Incident, pk)
        given = NotificationChange(data=request.data, partial=True,
                                   context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        changes = dict(given.validated_data)
        version = changes.pop("version")
        values = {name: getattr(incident, name) for name in services.NOTIFICATION_FIELDS}
        incident = services.incident_draft_change(
            incident=incident, by=request.user, expected_version=version,
            notifying_agency=changes.pop("notifying_agency", incident.notifying_agency),
            agencies_involved=changes.pop("agencies_involved",
                                          list(incident.agencies_involved.all())),
            **{**values, **changes})
        return self.shown(incident)


class NotificationSend(NotificationEndpoint):
    """Send your draft to the partnership."""

    @extend_schema(operation_id="notifications_send", request=None,
                   summary="Send your draft to the partnership",
                   responses={200: Notification, **problem_responses(401, 403, 404, 409)})
    def post(self, request, pk):
        incident = get_in_scope(request, Action.VIEW_CASE, Incident, pk)
        return self.shown(services.incident_move(incident=incident, move="submit",
                                                 by=request.user))


# -- an agency's answers to its information requests ---------------------------------------------


class AnswerIn(serializers.Serializer):
    """The answer, as on the request's page: saved as it goes, sent with `"submit": true`."""

    chronology = serializers.CharField(required=False, allow_blank=True, default="",
                                       trim_whitespace=False)
    analysis = serializers.CharField(required=False, allow_blank=True, default="",
                                     trim_whitespace=False)
    learning = serializers.CharField(required=False, allow_blank=True, default="",
                                     trim_whitespace=False, help_text="Learning identified.")
    submit = serializers.BooleanField(default=False, help_text="Send the answer to the review "
                                                               "group (every part is needed); "
                                                               "otherwise it is saved to finish "
                                                               "later.")


class RequestLinks(serializers.Serializer):
    self = serializers.URLField(help_text="This request in the API.")
    answer = serializers.URLField(help_text="POST the answer here.")
    page = serializers.URLField(help_text="Its page on the platform, for people.")


class InformationRequestOut(serializers.ModelSerializer):
    """A request to your agency: the case's reference and nothing else of the case."""

    case_reference = serializers.CharField(source="incident.reference", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = ["id", "case_reference", "agency", "agency_name", "due_on", "chronology",
                  "analysis", "learning", "submitted_on", "links"]
        read_only_fields = fields

    @extend_schema_field(RequestLinks)
    def get_links(self, request_made) -> dict:
        absolute = self.context["request"].build_absolute_uri
        return {"self": absolute(reverse("api:reviews:request-detail", args=[request_made.pk])),
                "answer": absolute(reverse("api:reviews:request-answer",
                                           args=[request_made.pk])),
                "page": absolute(request_made.get_absolute_url())}


def requests_of(queryset):
    return queryset.select_related("incident", "agency")


class InformationRequestEndpoint(ApiView):
    action = Action.ANSWER_REQUEST

    def shown(self, request_made):
        return Response(InformationRequestOut(request_made,
                                              context=self.get_serializer_context()).data)


class InformationRequestList(InformationRequestEndpoint):
    """Your agency's requests still to answer."""

    @extend_schema(operation_id="information_requests_list",
                   summary="Your agency's information requests still to answer",
                   description="The requests made of the agencies you answer for and not yet "
                               "sent, soonest due first, 50 a page. Another agency's requests "
                               "are never listed. The reading is in the access log.",
                   responses={200: InformationRequestOut(many=True), **problem_responses(401)})
    def get(self, request):
        open_requests = scope(request.user, Action.ANSWER_REQUEST,
                              InformationRequest.objects.filter(submitted_on__isnull=True))
        page = self.paginate_queryset(requests_of(open_requests).order_by("due_on", "pk"))
        if page:
            access_log(request=request, kind=AccessEvent.Kind.VIEW,
                       record_label="Information requests to answer",
                       detail="Listed requests " + ", ".join(str(r.pk) for r in page))
        return self.get_paginated_response(
            InformationRequestOut(page, many=True, context=self.get_serializer_context()).data)


class InformationRequestDetail(InformationRequestEndpoint):
    """One request to your agency (every reading is in the access log)."""

    @extend_schema(operation_id="information_requests_read",
                   summary="One information request to your agency",
                   responses={200: InformationRequestOut, **problem_responses(401, 403, 404)})
    def get(self, request, pk):
        request_made = get_in_scope(request, Action.ANSWER_REQUEST, InformationRequest, pk)
        access_log(request=request, kind=AccessEvent.Kind.VIEW, record=request_made)
        return self.shown(request_made)


class InformationRequestAnswer(InformationRequestEndpoint):
    """Answer your agency's request: through `request_answer`, as the page does."""

    @extend_schema(operation_id="information_requests_answer", request=AnswerIn,
                   summary="Answer your agency's information request",
                   description="Saves the chronology, analysis and learning identified; with "
                               "`\"submit\": true` sends them (each is then needed). A request "
                               "already answered cannot be changed here.",
                   responses={200: InformationRequestOut,
                              **problem_responses(401, 403, 404, 422)})
    def post(self, request, pk):
        request_made = get_in_scope(request, Action.ANSWER_REQUEST, InformationRequest, pk)
        given = AnswerIn(data=request.data)
        given.is_valid(raise_exception=True)
        return self.shown(services.request_answer(request=request_made, by=request.user,
                                                  **given.validated_data))


urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="notification-list"),
    path("notifications/<int:pk>/", NotificationDetail.as_view(), name="notification-detail"),
    path("notifications/<int:pk>/send/", NotificationSend.as_view(), name="notification-send"),
    path("requests/", InformationRequestList.as_view(), name="request-list"),
    path("requests/<int:pk>/", InformationRequestDetail.as_view(), name="request-detail"),
    path("requests/<int:pk>/answer/", InformationRequestAnswer.as_view(),
         name="request-answer"),
]
