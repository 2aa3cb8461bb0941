from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.signals import account_erased, account_exported
        from editorial import registry
        from events.models import Event, EventMaterial
        from resources import receivers
        from resources.models import Resource

        registry.register(
            Resource,
            plural="Resources",
            create_url_name="editorial:resource_new",
            edit_url_name="editorial:resource_edit",
        )
        post_save.connect(receivers.material_saved, sender=EventMaterial, dispatch_uid="resources.material_saved")
        post_save.connect(receivers.event_saved, sender=Event, dispatch_uid="resources.event_saved")
        account_erased.connect(receivers.erase_member_data, dispatch_uid="resources.erase_member_data")
        account_exported.connect(receivers.export_member_data, dispatch_uid="resources.export_member_data")
