from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "safeguarding.partnership"
    label = "partnership"
    verbose_name = "Partnerships"
