from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "safeguarding.assurance"
    label = "assurance"
    verbose_name = "Assurance: self-assessments, audits and scrutiny"
