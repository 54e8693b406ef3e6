from django.urls import path

from safeguarding.escalations import views

app_name = "escalations"

urlpatterns = [
    path("disagreements/", views.EscalationList.as_view(), name="escalation-list"),
    path("disagreements/new/", views.EscalationCreate.as_view(), name="escalation-create"),
    path("disagreements/<int:pk>/", views.EscalationDetail.as_view(), name="escalation-detail"),
    path("disagreements/<int:pk>/outcome/", views.StageOutcome.as_view(), name="stage-outcome"),
    path("partnerships/<slug:slug>/disagreements-report/", views.EscalationReport.as_view(),
         name="report"),
    path("partnerships/<slug:slug>/disagreements-report.xlsx",
         views.EscalationReportExcel.as_view(), name="report-xlsx"),
]
