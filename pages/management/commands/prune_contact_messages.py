from django.core.management.base import BaseCommand

from pages.services import prune_handled

DEFAULT_DAYS = 365


class Command(BaseCommand):
    help = (
        "Delete contact messages a moderator marked handled more than DAYS days ago (default 365), as the "
        "privacy notice promises. Schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            self.stderr.write("--days must be 1 or more.")
            return
        self.stdout.write(f"Deleted {prune_handled(days=days)} contact message(s) handled more than {days} days ago.")
