from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages and contact"

    def ready(self):
        from accounts.signals import account_erased, account_exported
        from editorial import registry
        from pages import receivers
        from pages.models import Page

        registry.register(
            Page,
            plural="Pages",
            create_url_name="editorial:page_new",
            edit_url_name="editorial:page_edit",
        )
        account_erased.connect(receivers.erase_member_data, dispatch_uid="pages.erase_member_data")
        account_exported.connect(receivers.export_member_data, dispatch_uid="pages.export_member_data")
