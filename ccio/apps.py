from django.apps import AppConfig


class CcioConfig(AppConfig):
    name = "ccio"
    verbose_name = "CCIO Network"

    def ready(self):
        from ccio import weekly_summary

        # The weekly summary email's parts, from every app (notifications may not import them).
        weekly_summary.register()
