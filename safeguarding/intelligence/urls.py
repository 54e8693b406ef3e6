from django.urls import path

from safeguarding.intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("data/", views.IntelligenceHome.as_view(), name="home"),
    path("data/sets/<int:pk>/", views.IndicatorSetDetail.as_view(), name="set-detail"),
    path("data/sets/<int:pk>/indicators/new/", views.IndicatorCreate.as_view(),
         name="indicator-create"),
    path("data/sets/<int:pk>/template.csv", views.TemplateCsv.as_view(), name="template-csv"),
    path("data/sets/<int:pk>/template.xlsx", views.TemplateExcel.as_view(),
         name="template-xlsx"),
    path("data/sets/<int:pk>/imports/new/", views.DataImportCreate.as_view(),
         name="import-create"),
    path("data/imports/<int:pk>/", views.DataImportDetail.as_view(), name="import-detail"),
    path("data/priorities/<int:pk>/actions/new/", views.PriorityActionAdd.as_view(),
         name="priority-action-add"),
    path("data/budget-lines/<int:pk>/spend/", views.SpendRecord.as_view(), name="spend-record"),
    path("data/risks/<int:pk>/", views.RiskEdit.as_view(), name="risk-edit"),
    path("data/indicators/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator-detail"),
    path("data/indicators/<int:pk>/edit/", views.IndicatorEdit.as_view(), name="indicator-edit"),
    path("data/<slug:slug>/", views.Dashboard.as_view(), name="dashboard"),
    path("data/<slug:slug>/exceptions/", views.Exceptions.as_view(), name="exceptions"),
    path("data/<slug:slug>/sets/new/", views.IndicatorSetCreate.as_view(), name="set-create"),
    path("data/<slug:slug>/plan/", views.BusinessPlan.as_view(), name="plan"),
    path("data/<slug:slug>/budget/", views.BudgetPage.as_view(), name="budget"),
    path("data/<slug:slug>/budget/contributions/new/", views.ContributionAdd.as_view(),
         name="contribution-add"),
    path("data/<slug:slug>/budget/lines/new/", views.BudgetLineAdd.as_view(),
         name="budget-line-add"),
    path("data/<slug:slug>/risks/", views.RiskRegister.as_view(), name="risks"),
    path("data/<slug:slug>/risks/new/", views.RiskAdd.as_view(), name="risk-add"),
    path("data/<slug:slug>/plan/priorities/new/", views.PriorityAdd.as_view(),
         name="priority-add"),
]
