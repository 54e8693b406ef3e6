"""The JSON API, version 1, for agencies' own case-management systems: each app's routes under
/api/v1/, the OpenAPI schema beside them, an index at the root and a page of documentation
(`docs/`). How it is used: docs/api.md."""

from django.urls import include, path

from safeguarding.core import api, views

app_name = "api"

urlpatterns = [
    path("", api.ApiIndex.as_view(), name="index"),
    path("docs/", views.ApiDocs.as_view(), name="docs"),
    path("schema/", api.Schema.as_view(), name="schema"),
    path("openapi.json", api.SchemaJson.as_view(), name="openapi-json"),
    path("problems/<slug:slug>/", api.ProblemTypeDetail.as_view(), name="problem-type"),
    path("serious-incidents/", include("safeguarding.reviews.api")),
    path("indicator-data/", include("safeguarding.intelligence.api")),
    path("child-deaths/", include("safeguarding.child_deaths.api")),
    # Read by anyone, without a token: only what the partnership has published.
    path("public/<slug:slug>/", include("safeguarding.learning.api")),
    path("public/<slug:slug>/", include("safeguarding.engagement.api")),
    # Last: a path that names nothing is a 404 in JSON, not the site's HTML page.
    path("<path:unknown>", api.NoSuchEndpoint.as_view(), name="not-found"),
]
