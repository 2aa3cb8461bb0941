from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from accounts.signals import account_erased
        from notifications import receivers

        account_erased.connect(receivers.erase_member_notifications, dispatch_uid="notifications.erase_member")
