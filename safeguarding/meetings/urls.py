from django.urls import path

from safeguarding.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingList.as_view(), name="meeting-list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/agenda/new/", views.AgendaItemAdd.as_view(), name="agenda-add"),
    path("meetings/<int:pk>/agenda/<int:item>/papers/new/", views.PaperAdd.as_view(),
         name="paper-add"),
    path("meetings/<int:pk>/attendance/", views.AttendanceRecord.as_view(), name="attendance"),
    path("meetings/<int:pk>/minutes/", views.MinutesEdit.as_view(), name="minutes"),
    path("meetings/<int:pk>/decisions/new/", views.DecisionAdd.as_view(), name="decision-add"),
    path("meetings/<int:pk>/calendar.ics", views.MeetingCalendar.as_view(), name="calendar"),
    path("meetings/<int:pk>/invitations/", views.InvitationsSend.as_view(), name="invitations"),
    path("papers/<int:pk>/", views.PaperDownload.as_view(), name="paper-download"),
    path("partnerships/<slug:slug>/years/<str:year>/", views.YearDetail.as_view(),
         name="year-detail"),
    path("partnerships/<slug:slug>/years/<str:year>/compliance/", views.Compliance.as_view(),
         name="compliance"),
    path("partnerships/<slug:slug>/reports/new/", views.WrittenReportAdd.as_view(),
         name="report-add"),
]
