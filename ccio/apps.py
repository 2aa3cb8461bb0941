from django.apps import AppConfig


class CcioConfig(AppConfig):
    name = "ccio"
    verbose_name = "CCIO Network"
