"""The JSON API for child deaths: an agency's own system notifies the CDOP of a child's death,
as its safeguarding lead would on the notification page.

Every endpoint does what the page does: the access policy decides (`require`, `get_in_scope`,
`scope`), one service writes (`child_death_notify`, with the page's checks and words), a
notification that looks like one already made is kept and flagged as the page flags it, and
reading a case is in the access log. Mounted at /api/v1/child-deaths/ by `safeguarding.api`.
"""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from safeguarding.accounts.access import get_in_scope, require
from safeguarding.accounts.policy import Action, scope, standing
from safeguarding.child_deaths import forms, rules, selectors, services
from safeguarding.child_deaths.models import ChildDeath, Place, Residence, Sex, Unexpected
from safeguarding.core.api import ApiView, form_says, notification_base, problem_responses
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log
from safeguarding.reviews.selectors import notifying_agencies

app_name = "child_deaths"

# The partnership app's models, reached through the case's own foreign keys (the import
# contract: child deaths meets that app only through selectors and services).
Partnership = ChildDeath._meta.get_field("partnership").related_model
Agency = ChildDeath._meta.get_field("notifying_agency").related_model


def page_says(name: str, *, date=False) -> dict:
    """The notification page's own words for a missing, malformed or too small value."""
    return form_says(forms.NotificationForm, name, date=date, also=("invalid", "min_value"))


# -- what a system sends --------------------------------------------------------------------------


class ChildDeathNotificationIn(notification_base(partnership_model=Partnership,
                                                  agency_model=Agency, says=page_says)):
    """The notification of a child's death, field for field as the notification page asks."""

    date_of_death = serializers.DateField(error_messages=page_says("date_of_death", date=True))
    notified_on = serializers.DateField(error_messages=page_says("notified_on", date=True),
                                        help_text="The date you are notifying the CDOP.")
    place_of_death = serializers.ChoiceField(Place.choices,
                                             error_messages=page_says("place_of_death"))
    residence = serializers.ChoiceField(Residence.choices, default=Residence.RESIDENT,
                                        error_messages=page_says("residence"),
                                        help_text="Where the child lived.")
    age_years = serializers.IntegerField(min_value=0, max_value=32767,
                                         error_messages={**page_says("age_years"),
                                                         "max_value": rules.AGE_TOO_HIGH})
    age_months = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True, default=None,
        error_messages={"invalid": "Enter the months as a whole number, like 4",
                        "min_value": rules.AGE_MONTHS_RANGE, "max_value": rules.AGE_MONTHS_RANGE},
        help_text="Babies under 1 only.")
    sex = serializers.ChoiceField(Sex.choices, error_messages=page_says("sex"))
    ethnicity = serializers.CharField(max_length=100, error_messages=page_says("ethnicity"))
    unexpected = serializers.BooleanField(error_messages=page_says("unexpected"),
                                          help_text="Was the death unexpected?")
    unexpected_because = serializers.ChoiceField(Unexpected.choices, required=False,
                                                 allow_blank=True, default="",
                                                 help_text="If unexpected, why.")
    circumstances = serializers.CharField(error_messages=page_says("circumstances"),
                                          help_text="Use the pseudonym. No names or addresses.")

    def offer_choices_of(self, user):
        """The choices the notification page offers this person (views.ChildDeathCreate)."""
        held = standing(user)
        self.fields["partnership"].queryset = scope(user, Action.NOTIFY_CHILD_DEATH,
                                                    selectors.partnerships())
        self.fields["notifying_agency"].queryset = notifying_agencies(
            agency_ids=held.agencies_for(Action.NOTIFY_CHILD_DEATH),
            partnership_ids=held.partnerships_for(Action.NOTIFY_CHILD_DEATH))


# -- what it reads back ---------------------------------------------------------------------------


class ChildDeathLinks(serializers.Serializer):
    self = serializers.URLField(help_text="This notification in the API.")
    page = serializers.URLField(help_text="Its page on the platform, for people.")


class ChildDeathNotificationSummary(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = ChildDeath
        fields = ["id", "status", "status_label", "reference", "pseudonym", "partnership",
                  "notifying_agency", "notified_on", "date_of_death", "links"]
        read_only_fields = fields

    @extend_schema_field(ChildDeathLinks)
    def get_links(self, death) -> dict:
        absolute = self.context["request"].build_absolute_uri
        return {"self": absolute(reverse("api:child_deaths:notification-detail",
                                         args=[death.pk])),
                "page": absolute(death.get_absolute_url())}


class ChildDeathNotification(ChildDeathNotificationSummary):
    possible_duplicate = serializers.SerializerMethodField(
        help_text="The CDOP may already have been told of this death (the same case reference, "
                  "or the same date of death, sex and age): it is kept, and the CDOP checks "
                  "and merges it. `warning` says so in words.")
    warning = serializers.SerializerMethodField()

    class Meta(ChildDeathNotificationSummary.Meta):
        fields = [*ChildDeathNotificationSummary.Meta.fields[:-1], "place_of_death",
                  "residence", "age_years", "age_months", "sex", "ethnicity", "unexpected",
                  "unexpected_because", "circumstances", "possible_duplicate", "warning",
                  "links"]
        read_only_fields = fields

    def _duplicated(self, death) -> bool:
        if not hasattr(death, "_possible_duplicate"):
            visible = scope(self.context["request"].user, Action.VIEW_CASE,
                            ChildDeath.objects.all())
            death._possible_duplicate = selectors.possible_duplicates(death, visible).exists()
        return death._possible_duplicate

    def get_possible_duplicate(self, death) -> bool:
        return self._duplicated(death)

    def get_warning(self, death) -> str:
        return rules.POSSIBLE_DUPLICATE if self._duplicated(death) else ""


# -- the endpoints --------------------------------------------------------------------------------


class ChildDeathNotificationEndpoint(ApiView):
    action = Action.VIEW_CASE

    def shown(self, death, status=200, **headers):
        return Response(ChildDeathNotification(death, context=self.get_serializer_context()).data,
                        status=status, headers=headers)


class ChildDeathNotificationList(ChildDeathNotificationEndpoint):
    """The notifications you made that you may still see; a new one."""

    @extend_schema(operation_id="child_death_notifications_list",
                   summary="The child death notifications you made",
                   description="The notifications you made and may still see, newest first, "
                               "50 a page.",
                   responses={200: ChildDeathNotificationSummary(many=True),
                              **problem_responses(401)})
    def get(self, request):
        mine = scope(request.user, Action.VIEW_CASE,
                     ChildDeath.objects.filter(notified_by=request.user))
        deaths = selectors.child_death_list(mine).order_by("-notified_on", "-pk")
        page = self.paginate_queryset(deaths)
        return self.get_paginated_response(ChildDeathNotificationSummary(
            page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(operation_id="child_death_notifications_create",
                   request=ChildDeathNotificationIn,
                   summary="Notify the CDOP of a child's death",
                   description="Recorded for the partnership's Child Death Overview Panel, and "
                               "the review's clock starts. A notification that looks like one "
                               "already made is kept: `possible_duplicate` and `warning` say "
                               "so, and the CDOP checks it.",
                   responses={201: ChildDeathNotification, **problem_responses(401, 403, 422)})
    def post(self, request):
        require(request, Action.NOTIFY_CHILD_DEATH)
        given = ChildDeathNotificationIn(data=request.data,
                                         context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        death = services.child_death_notify(
            by=request.user, partnership=data.pop("partnership"),
            notifying_agency=data.pop("notifying_agency"), **data)
        location = reverse("api:child_deaths:notification-detail", args=[death.pk])
        return self.shown(death, status=201, Location=request.build_absolute_uri(location))


class ChildDeathNotificationDetail(ChildDeathNotificationEndpoint):
    """One notification (every reading is in the access log)."""

    @extend_schema(operation_id="child_death_notifications_read",
                   summary="One child death notification",
                   description="Every reading is in the access log, as on the case's page.",
                   responses={200: ChildDeathNotification, **problem_responses(401, 403, 404)})
    def get(self, request, pk):
        death = get_in_scope(request, Action.VIEW_CASE, ChildDeath, pk)
        access_log(request=request, kind=AccessEvent.Kind.VIEW, record=death)
        return self.shown(death)


urlpatterns = [
    path("notifications/", ChildDeathNotificationList.as_view(), name="notification-list"),
    path("notifications/<int:pk>/", ChildDeathNotificationDetail.as_view(),
         name="notification-detail"),
]
