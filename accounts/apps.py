from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from accounts import receivers, services  # noqa: F401 - receivers connects the kept-user changes

        def on_email_confirmed(request, email_address, **kwargs):
            services.email_verified(user=email_address.user, email=email_address.email)

        email_confirmed.connect(on_email_confirmed, dispatch_uid="accounts.email_confirmed")
