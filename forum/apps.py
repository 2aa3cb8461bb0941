from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from core.person_cache import register_kind
        from forum import personal, receivers  # noqa: F401 - receivers connects the account erasure receiver

        register_kind(personal.OWN)  # what a member has read, muted and bookmarked
