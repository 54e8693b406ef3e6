from django.urls import path

from safeguarding.partnership import views

app_name = "partnership"

urlpatterns = [
    path("partnerships/", views.PartnershipList.as_view(), name="partnership-list"),
    path("partnerships/<slug:slug>/", views.PartnershipDetail.as_view(),
         name="partnership-detail"),
    path("partnerships/<slug:slug>/structure/", views.StructureChart.as_view(), name="structure"),
    path("partnerships/<slug:slug>/chairs/", views.ChairRotation.as_view(),
         name="chair-rotation"),
    path("partnerships/<slug:slug>/appointments/new/", views.AppointmentCreate.as_view(),
         name="appointment-create"),
    path("partnerships/<slug:slug>/agencies/<int:agency>/relevant/",
         views.RelevantAgencySet.as_view(), name="relevant-agency"),
    path("agencies/<int:pk>/", views.AgencyDetail.as_view(), name="agency-detail"),
    path("groups/<int:pk>/", views.GroupDetail.as_view(), name="group-detail"),
    path("groups/<int:pk>/members/new/", views.SeatAdd.as_view(), name="seat-add"),
    path("arrangements/<int:pk>/", views.ArrangementsDetail.as_view(),
         name="arrangements-detail"),
    path("arrangements/<int:pk>/publish/", views.ArrangementsPublish.as_view(),
         name="arrangements-publish"),
    path("arrangements/<int:pk>/review/", views.ArrangementsReview.as_view(),
         name="arrangements-review"),
    path("p/<slug:slug>/arrangements/", views.PublicArrangements.as_view(),
         name="public-arrangements"),
]
