from django.urls import path

from safeguarding.child_deaths import report_views, views

app_name = "child_deaths"

urlpatterns = [
    path("child-deaths/", views.ChildDeathList.as_view(), name="case-list"),
    path("child-deaths/notify/", views.ChildDeathCreate.as_view(), name="case-create"),
    path("child-deaths/import/", views.ChildDeathImport.as_view(), name="case-import"),
    path("child-deaths/<int:pk>/", views.ChildDeathDetail.as_view(), name="case-detail"),
    path("child-deaths/<int:pk>/move/", views.ChildDeathMove.as_view(), name="case-move"),
    path("child-deaths/<int:pk>/stages/<str:stage>/", views.ChildDeathStage.as_view(),
         name="stage"),
    path("child-deaths/<int:pk>/reporting-forms/new/", views.ReportRequestCreate.as_view(),
         name="report-request"),
    path("child-deaths/<int:pk>/factors/new/", views.FactorAdd.as_view(), name="factor-add"),
    path("child-deaths/<int:pk>/actions/new/", views.CdopActionAdd.as_view(), name="action-add"),
    path("child-deaths/<int:pk>/merge/", views.ChildDeathMerge.as_view(), name="merge"),
    path("child-deaths/<int:pk>/members/new/", views.ChildDeathMemberAdd.as_view(),
         name="member-add"),
    path("child-deaths/<int:pk>/export.json", views.ChildDeathExport.as_view(), {"fmt": "json"},
         name="export-json"),
    path("child-deaths/<int:pk>/export.csv", views.ChildDeathExport.as_view(), {"fmt": "csv"},
         name="export-csv"),
    path("child-death-reporting-forms/<int:pk>/", views.AgencyReportDetail.as_view(),
         name="report-detail"),
    path("cdops/<int:pk>/annual-report/", report_views.CdopAnnualReport.as_view(),
         name="annual-report"),
    path("cdops/<int:pk>/annual-report.pdf", report_views.CdopAnnualReportPdf.as_view(),
         name="annual-report-pdf"),
    path("cdops/<int:pk>/annual-report.docx", report_views.CdopAnnualReportWord.as_view(),
         name="annual-report-docx"),
]
