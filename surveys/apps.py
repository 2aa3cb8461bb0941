from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from accounts.signals import account_erased, account_exported
        from editorial import registry
        from surveys import receivers
        from surveys.models import Survey

        registry.register(
            Survey,
            plural="Surveys",
            create_url_name="editorial:survey_new",
            edit_url_name="editorial:survey_edit",
        )
        account_erased.connect(receivers.erase_member_data, dispatch_uid="surveys.erase_member_data")
        account_exported.connect(receivers.export_member_data, dispatch_uid="surveys.export_member_data")
