from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "safeguarding.intelligence"
    label = "intelligence"
    verbose_name = "Safeguarding data, business plan, budget and the yearly report"
