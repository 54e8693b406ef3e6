from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("safeguarding.core.urls")),
    path("account/", include("safeguarding.accounts.urls")),
    path("api/v1/", include("safeguarding.api")),
    path("", include("safeguarding.partnership.urls")),
    path("", include("safeguarding.meetings.urls")),
    path("", include("safeguarding.reviews.urls")),
    path("", include("safeguarding.child_deaths.urls")),
    path("", include("safeguarding.assurance.urls")),
    path("", include("safeguarding.learning.urls")),
    path("", include("safeguarding.escalations.urls")),
    path("", include("safeguarding.engagement.urls")),
    path("", include("safeguarding.intelligence.urls")),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
]

handler400 = "safeguarding.core.views.bad_request"
handler403 = "safeguarding.core.views.permission_denied"
handler404 = "safeguarding.core.views.page_not_found"
handler500 = "safeguarding.core.views.server_error"
