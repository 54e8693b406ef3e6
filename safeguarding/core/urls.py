from django.urls import path

from safeguarding.core import views

app_name = "core"

urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("accessibility/", views.StaticPage.as_view(template_name="core/accessibility.html"),
         name="accessibility"),
    path("privacy/", views.StaticPage.as_view(template_name="core/privacy.html"), name="privacy"),
    path("my-work/", views.MyWork.as_view(), name="my-work"),
    path("actions/", views.ActionList.as_view(), name="action-list"),
    path("actions/<int:pk>/", views.ActionDetail.as_view(), name="action-detail"),
    path("actions/<int:pk>/update/", views.ActionUpdate.as_view(), name="action-update"),
    path("access-log/", views.AccessLog.as_view(), name="access-log"),
    path("retention/", views.RetentionList.as_view(), name="retention"),
    path("retention/<int:pk>/", views.RetentionDecide.as_view(), name="retention-review"),
]
