"""The JSON API for safeguarding data: an agency's own system sends the figures of the
indicators its agency owns, instead of someone filling in the import template.

What is sent is checked exactly as an imported file is (`services.data_submit` runs the same
row checks): every bad figure is reported with its reason, and nothing is saved unless every
figure is good. A good submission replaces the figures held for its periods and keeps the old
ones, as a file does, and is listed with the set's imports. Mounted at /api/v1/indicator-data/
by `safeguarding.api`; described in docs/api.md.
"""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from safeguarding.accounts.access import get_in_scope
from safeguarding.accounts.policy import Action, scope
from safeguarding.core.api import ApiView, problem_responses, validation_problem
from safeguarding.intelligence import rules, services
from safeguarding.intelligence.models import DataImport, Indicator, IndicatorSet

app_name = "intelligence"

MOST_FIGURES = 10_000
ENTER_VALUE = "Enter the figure's value"
ENTER_FIGURES = "Send at least one figure"
TOO_MANY_FIGURES = f"Send at most {MOST_FIGURES:,} figures at a time"


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}]})
class FigureValue(serializers.Field):
    """The value as it would be in a file's cell: a number, or text that is one ("12.5"). It is
    checked by the import's own rules, not here."""

    default_error_messages = {"required": ENTER_VALUE, "null": ENTER_VALUE,
                              "invalid": rules.BAD_VALUE}

    def to_internal_value(self, data):
        if isinstance(data, (dict, list)):
            self.fail("invalid")
        if str(data).strip() == "":
            self.fail("required")
        return data

    def to_representation(self, value):
        return value


class FigureIn(serializers.Serializer):
    """One figure: the columns of the import template."""

    indicator = serializers.CharField(max_length=50, help_text="The indicator's code.")
    period = serializers.CharField(max_length=40, help_text="The first month of the period, "
                                                            "like `2026-04`.")
    breakdown = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                      default="", help_text="Empty for the total, or one of "
                                                            "the indicator's breakdowns.")
    category = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                     default="", help_text="The breakdown's category.")
    value = FigureValue()


class FiguresIn(serializers.Serializer):
    figures = serializers.ListField(
        child=FigureIn(), allow_empty=False, max_length=MOST_FIGURES,
        error_messages={"empty": ENTER_FIGURES, "max_length": TOO_MANY_FIGURES},
        help_text="Figures of this set's indicators, each as a row of its import template.")


class Submission(serializers.ModelSerializer):
    indicator_set = serializers.PrimaryKeyRelatedField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    page = serializers.SerializerMethodField(help_text="The import's page on the platform.")

    class Meta:
        model = DataImport
        fields = ["id", "indicator_set", "status", "status_label", "values_added",
                  "values_replaced", "uploaded_at", "page"]
        read_only_fields = fields

    def get_page(self, record) -> str:
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


class IndicatorOut(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    categories = serializers.SerializerMethodField(
        help_text="Each breakdown's categories, as the figures must name them.")
    figures = serializers.SerializerMethodField(help_text="Where to send its figures.")

    class Meta:
        model = Indicator
        fields = ["code", "name", "definition", "partnership", "indicator_set", "unit",
                  "frequency", "breakdowns", "categories", "figures"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {
        "type": "array", "items": {"type": "string"}}})
    def get_categories(self, indicator) -> dict:
        areas = [area.name for area in indicator.partnership.areas.all()]
        return {breakdown: list(rules.categories_for(breakdown, areas))
                for breakdown in indicator.breakdowns}

    def get_figures(self, indicator) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:intelligence:figures-submit", args=[indicator.indicator_set_id]))


class IndicatorList(ApiView):
    """The indicators whose figures you may send."""

    action = Action.SUBMIT_INDICATOR_DATA

    @extend_schema(operation_id="indicators_list", summary="The indicators you send figures for",
                   description="Your agency's indicators (the business unit: all of its "
                               "partnership's), 50 a page, with the set to send their figures "
                               "to and the categories of each breakdown.",
                   responses={200: IndicatorOut(many=True), **problem_responses(401)})
    def get(self, request):
        indicators = (scope(request.user, Action.SUBMIT_INDICATOR_DATA, Indicator.objects.all())
                      .select_related("partnership").prefetch_related("partnership__areas")
                      .order_by("partnership__name", "indicator_set__name", "order", "pk"))
        page = self.paginate_queryset(indicators)
        return self.get_paginated_response(
            IndicatorOut(page, many=True, context=self.get_serializer_context()).data)


class FiguresSubmit(ApiView):
    """Send the figures of a set's indicators."""

    action = Action.SUBMIT_INDICATOR_DATA

    @extend_schema(operation_id="figures_submit", request=FiguresIn,
                   summary="Send figures for your agency's indicators",
                   description="Checked as an imported file is: if any figure is wrong, none "
                               "is saved and `errors` lists every wrong one (`figures.0` is "
                               "the first; its message says “Line 1”). A good submission "
                               "replaces the figures held for the same indicators and periods "
                               "(the old ones are kept, marked as replaced).",
                   responses={201: Submission, **problem_responses(401, 403, 404, 422)})
    def post(self, request, pk):
        indicator_set = get_in_scope(request, Action.SUBMIT_INDICATOR_DATA, IndicatorSet, pk)
        given = FiguresIn(data=request.data)
        given.is_valid(raise_exception=True)
        allowed = scope(request.user, Action.SUBMIT_INDICATOR_DATA,
                        indicator_set.indicators.all())
        try:
            record = services.data_submit(
                indicator_set=indicator_set, figures=given.validated_data["figures"],
                by=request.user, source=request.auth.name, allowed=list(allowed))
        except services.FiguresRefused as refused:
            return validation_problem({f"figures.{error.line - 1}": [
                f"Line {error.line}: {error.reason}"] for error in refused.errors})
        return Response(Submission(record, context=self.get_serializer_context()).data,
                        status=201)


urlpatterns = [
    path("indicators/", IndicatorList.as_view(), name="indicator-list"),
    path("sets/<int:pk>/figures/", FiguresSubmit.as_view(), name="figures-submit"),
]
