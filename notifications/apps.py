from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from accounts.forms import register_signup_choice
        from accounts.signals import account_erased, account_exported, application_submitted
        from notifications import receivers

        account_erased.connect(receivers.erase_member_notifications, dispatch_uid="notifications.erase_member")
        account_exported.connect(receivers.export_member_notifications, dispatch_uid="notifications.export_member")
        application_submitted.connect(
            receivers.tell_moderators_of_application, dispatch_uid="notifications.application"
        )
        # The weekly summary's consent box at sign-up: separate, unticked, recorded only when ticked.
        register_signup_choice(
            "weekly_summary", field=receivers.weekly_summary_signup_field, record=receivers.weekly_summary_signup
        )
