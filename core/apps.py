from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared building blocks"

    def ready(self):
        from core import content_cache, second_factor

        content_cache.connect_signals()
        second_factor.connect_signals()
