"""The platform's URLs plus the test-only case type."""

from django.urls import include, path

from safeguarding.urls import handler400, handler403, handler404, handler500
from safeguarding.urls import urlpatterns as platform

urlpatterns = [*platform, path("test-cases/", include("safeguarding.testing.casework.urls"))]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
