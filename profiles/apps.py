from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self):
        from editorial import registry
        from profiles import receivers  # noqa: F401 - connects the erasure handler
        from profiles.models import CCIOProfile

        registry.register(
            CCIOProfile,
            plural="CCIO profiles",
            create_url_name="editorial:profile_new",
            edit_url_name="editorial:profile_edit",
        )
