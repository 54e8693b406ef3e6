"""The JSON API for a partnership's public site: what it has published, read by anyone without
a token, exactly as the public site lists it (`views.public.published_items`: practice reviews
out of embargo, learning from reviews, yearly reports, newsletters and guides), newest first.
Nothing unpublished, embargoed or withdrawn is ever in it. Mounted at
/api/v1/public/<partnership>/publications/ by `safeguarding.api`; described in docs/api.md.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from safeguarding.core.api import PARTNERSHIP_SLUG, PublicApiView, problem_responses
from safeguarding.engagement import selectors
from safeguarding.engagement.views.public import published_items

app_name = "engagement"


class PublishedItemOut(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField(help_text="Practice review, a kind of learning from reviews, "
                                           "Yearly report, Newsletter, One-minute guide or Other.")
    published_on = serializers.DateField()
    summary = serializers.CharField(help_text="Its opening words.")
    url = serializers.SerializerMethodField(help_text="Its page on the public site.")

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item.url)


class Publications(PublicApiView, GenericAPIView):
    """Everything the partnership has published, newest first, 50 a page."""

    @extend_schema(operation_id="public_publications_list",
                   summary="What a partnership has published",
                   description="Practice reviews, learning from reviews, yearly reports, "
                               "newsletters and guides, as the public site lists them, newest "
                               "first, 50 a page. No token needed.",
                   parameters=[PARTNERSHIP_SLUG],
                   responses={200: PublishedItemOut(many=True), **problem_responses(404)})
    def get(self, request, slug):
        partnership = selectors.partnership_by_slug(slug)
        if partnership is None:
            raise Http404("No such partnership")
        page = self.paginate_queryset(published_items(partnership, timezone.localdate()))
        return self.get_paginated_response(
            PublishedItemOut(page, many=True, context={"request": request}).data)


urlpatterns = [
    path("publications/", Publications.as_view(), name="public-publications"),
]
