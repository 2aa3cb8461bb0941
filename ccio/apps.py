from django.apps import AppConfig


class CcioConfig(AppConfig):
    name = "ccio"
    verbose_name = "CCIO Network"

    def ready(self):
        from ccio import content_cache

        content_cache.connect_signals()
