from django.urls import path

from safeguarding.testing.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.CaseList.as_view(), name="case-list"),
    path("<int:pk>/", views.CaseDetail.as_view(), name="case-detail"),
]
