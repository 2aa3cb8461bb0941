from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from accounts.signals import account_erased, account_exported, application_submitted
        from notifications import receivers

        account_erased.connect(receivers.erase_member_notifications, dispatch_uid="notifications.erase_member")
        account_exported.connect(receivers.export_member_notifications, dispatch_uid="notifications.export_member")
        application_submitted.connect(
            receivers.tell_moderators_of_application, dispatch_uid="notifications.application"
        )
