"""The JSON API for training: a partnership's public catalogue, read by anyone without a token,
as the public catalogue page shows it (`selectors.catalogue`, `selectors.places_left`): the
published courses and their sessions still to come, with the places left. Mounted at
/api/v1/public/<partnership>/training/ by `safeguarding.api`; described in docs/api.md.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from safeguarding.core.api import PARTNERSHIP_SLUG, PublicApiView, problem_responses
from safeguarding.learning import selectors
from safeguarding.learning.models import Course, Session

app_name = "learning"


class SessionOut(serializers.ModelSerializer):
    places_left = serializers.SerializerMethodField()
    where = serializers.CharField(read_only=True, help_text="The venue, or online.")

    class Meta:
        model = Session
        fields = ["id", "starts_at", "ends_at", "where", "bookings_close_at", "capacity",
                  "places_left"]
        read_only_fields = fields

    def get_places_left(self, session) -> int:
        return selectors.places_left(session)


class CourseOut(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    level = serializers.StringRelatedField(read_only=True, allow_null=True)
    page = serializers.SerializerMethodField(help_text="The course's public page.")
    sessions = SessionOut(source="upcoming", many=True, read_only=True,
                          help_text="Its sessions still to come, soonest first.")

    class Meta:
        model = Course
        fields = ["id", "title", "kind", "kind_label", "summary", "audience", "level",
                  "learning_outcomes", "duration_minutes", "format", "format_label",
                  "elearning_url", "page", "sessions"]
        read_only_fields = fields

    def get_page(self, course) -> str:
        # (the partnership is the catalogue's own: no query per course for its slug)
        return self.context["request"].build_absolute_uri(reverse(
            "learning:public-course", args=[self.context["partnership"].slug, course.pk]))


class TrainingCatalogue(PublicApiView):
    """The partnership's published courses, as its public catalogue lists them."""

    @extend_schema(operation_id="public_training_list",
                   summary="A partnership's training catalogue",
                   description="Every published course, with its sessions still to come and the "
                               "places left on each. No token needed.",
                   parameters=[PARTNERSHIP_SLUG],
                   responses={200: CourseOut(many=True), **problem_responses(404)})
    def get(self, request, slug):
        partnership = selectors.partnership_by_slug(slug)
        courses = selectors.catalogue(partnership, now=timezone.now())
        context = {"request": request, "partnership": partnership}
        return Response(CourseOut(courses, many=True, context=context).data)


urlpatterns = [
    path("training/", TrainingCatalogue.as_view(), name="public-training"),
]
