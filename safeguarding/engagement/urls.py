from django.urls import path

from safeguarding.engagement.views import procedures, public, voice

app_name = "engagement"

urlpatterns = [
    # The voice of children and families.
    path("voice/", voice.VoiceHome.as_view(), name="voice"),
    path("voice/surveys/import/", voice.SurveyImport.as_view(), name="survey-import"),
    path("voice/surveys/<int:pk>/", voice.SurveyDetail.as_view(), name="survey-detail"),
    path("voice/contributions/new/", voice.ContributionCreate.as_view(),
         name="contribution-create"),
    path("voice/you-said-we-did/new/", voice.ResponseCreate.as_view(), name="response-create"),
    path("voice/you-said-we-did/<int:pk>/", voice.ResponseDetail.as_view(),
         name="response-detail"),
    path("voice/you-said-we-did/<int:pk>/edit/", voice.ResponseEdit.as_view(),
         name="response-edit"),
    path("voice/you-said-we-did/<int:pk>/actions/new/", voice.ResponseActionAdd.as_view(),
         name="response-action-add"),
    path("voice/you-said-we-did/<int:pk>/publish/", voice.ResponsePublish.as_view(),
         name="response-publish"),
    # Policies and procedures.
    path("procedures/", procedures.PolicyList.as_view(), name="policy-list"),
    path("procedures/new/", procedures.PolicyCreate.as_view(), name="policy-create"),
    path("procedures/<int:pk>/", procedures.PolicyDetail.as_view(), name="policy-detail"),
    path("procedures/<int:pk>/versions/new/", procedures.PolicyVersionAdd.as_view(),
         name="policy-version-add"),
    path("procedures/<int:pk>/consult/", procedures.PolicyConsult.as_view(),
         name="policy-consult"),
    path("procedures/<int:pk>/comments/new/", procedures.PolicyCommentAdd.as_view(),
         name="policy-comment"),
    path("procedures/<int:pk>/publish/", procedures.PolicyPublish.as_view(),
         name="policy-publish"),
    # The public site.
    path("glossary/", public.SiteGlossary.as_view(), name="glossary"),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("p/<slug:slug>/", public.PublicHome.as_view(), name="public-home"),
    path("p/<slug:slug>/glossary/", public.PublicGlossary.as_view(), name="public-glossary"),
    path("p/<slug:slug>/thresholds/", public.PublicThresholds.as_view(),
         name="public-thresholds"),
    path("p/<slug:slug>/procedures/", public.PublicPolicyList.as_view(),
         name="public-procedures"),
    path("p/<slug:slug>/procedures/<int:pk>/", public.PublicPolicyDetail.as_view(),
         name="public-procedure"),
    path("p/<slug:slug>/you-said-we-did/", public.PublicResponses.as_view(),
         name="public-you-said-we-did"),
    path("p/<slug:slug>/publications/", public.PublicPublicationList.as_view(),
         name="public-publications"),
    path("p/<slug:slug>/publications/<int:pk>/", public.PublicPublicationDetail.as_view(),
         name="public-publication"),
    path("p/<slug:slug>/report-a-concern/", public.PublicReportConcern.as_view(),
         name="public-report-concern"),
    path("p/<slug:slug>/contact/", public.PublicContact.as_view(), name="public-contact"),
    path("p/<slug:slug>/feed/", public.publications_feed, name="public-feed"),
]
