from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from accounts.signals import account_erased, account_exported
        from events import receivers

        account_erased.connect(receivers.erase_member_data, dispatch_uid="events.erase_member_data")
        account_exported.connect(receivers.export_member_data, dispatch_uid="events.export_member_data")
