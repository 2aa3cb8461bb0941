from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from accounts.demo import describe as describe_accounts

# Each app seeds its own demo data through a `seed(stdout)` function in its
# demo module. Order matters: later apps use the people and organisations
# earlier ones create. Every seed function is idempotent.
DEMO_SEEDERS = [
    "accounts.demo.seed",
    "editorial.demo.seed",
    "profiles.demo.seed",
    "articles.demo.seed",
    "notifications.demo.seed",
    "forum.demo.seed",
    "events.demo.seed",
    "resources.demo.seed",
    "messaging.demo.seed",
    "surveys.demo.seed",
    "pages.demo.seed",
]

# The forum's demo replies and mentions notify members as real ones would; the
# emails go nowhere, so the console keeps the accounts printed last readable.
SEED_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Fill the database with demo members, content and events (local development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with known passwords.")
        with override_settings(EMAIL_BACKEND=SEED_EMAIL_BACKEND):
            for path in DEMO_SEEDERS:
                with transaction.atomic():
                    import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready (seeding sent no emails)."))
        describe_accounts(self.stdout)
