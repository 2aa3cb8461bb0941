from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Private messages"

    def ready(self):
        from messaging import receivers  # noqa: F401 - connects the account erasure and export receivers
        from messaging.reading import header_rows
        from notifications.header import register_count

        # The header's Messages count comes in the same query as the notification bell's.
        register_count("messages", header_rows)
