from django.urls import path

from safeguarding.reviews import report_views, views

app_name = "reviews"

urlpatterns = [
    path("incidents/", views.IncidentList.as_view(), name="incident-list"),
    path("incidents/notify/", views.IncidentCreate.as_view(), name="incident-create"),
    path("incidents/<int:pk>/", views.IncidentDetail.as_view(), name="incident-detail"),
    path("incidents/<int:pk>/sent/", views.IncidentSent.as_view(), name="incident-sent"),
    path("incidents/<int:pk>/move/", views.IncidentMove.as_view(), name="incident-move"),
    path("incidents/<int:pk>/stages/<str:stage>/", views.StageEdit.as_view(), name="stage"),
    path("incidents/<int:pk>/requests/new/", views.RequestCreate.as_view(), name="request-add"),
    path("incidents/<int:pk>/members/new/", views.MemberAdd.as_view(), name="member-add"),
    path("incidents/<int:pk>/recommendations/new/", views.RecommendationAdd.as_view(),
         name="recommendation-add"),
    path("incidents/<int:pk>/identifying-details/new/", views.IdentifyingDetailAdd.as_view(),
         name="identifying-detail-add"),
    path("incidents/<int:pk>/reports/new/", views.ReportAdd.as_view(), name="report-add"),
    path("information-requests/<int:pk>/", views.RequestAnswer.as_view(), name="request-detail"),
    path("review-reports/<int:pk>/", views.ReportDownload.as_view(), name="report-download"),
    path("p/<slug:slug>/reviews/", views.PublicReviewList.as_view(), name="public-list"),
    path("p/<slug:slug>/reviews/<int:pk>/", views.PublicReviewDetail.as_view(),
         name="public-detail"),
    path("partnerships/<slug:slug>/notification-review/",
         report_views.NotificationReview.as_view(), name="notification-review"),
    path("partnerships/<slug:slug>/notification-review.xlsx",
         report_views.NotificationReviewExcel.as_view(), name="notification-review-xlsx"),
    path("partnerships/<slug:slug>/notification-review.pdf",
         report_views.NotificationReviewPdf.as_view(), name="notification-review-pdf"),
]
