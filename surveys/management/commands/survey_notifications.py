from django.core.management.base import BaseCommand

from surveys.notices import send_due


class Command(BaseCommand):
    help = (
        "Tell members when a survey opens, remind those who have not answered a few days before it closes, "
        "and announce published results. Each is sent once: safe to run hourly, twice, or from two places at once."
    )

    def handle(self, *args, **options):
        sent = send_due()
        self.stdout.write(
            f"Survey notifications: {sent['opened']} opened, {sent['reminder']} reminders, {sent['results']} results."
        )
