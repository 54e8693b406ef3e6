"""The platform's URLs and the bench's floor page, for `settings.bench` only."""

from django.urls import path

from safeguarding.testing.bench.views import Floor
from safeguarding.urls import handler400, handler403, handler404, handler500
from safeguarding.urls import urlpatterns as platform

urlpatterns = [path("bench/floor/", Floor.as_view(), name="bench-floor"), *platform]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
