from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from forum import receivers  # noqa: F401 - connects the account erasure receiver
