from django.core.management.base import BaseCommand

from notifications.services import send_digests


class Command(BaseCommand):
    help = (
        "Email each member one daily digest of their notifications set to 'daily'. "
        "Safe to run more than once a day, and from two places at once: nobody gets a second digest the same day."
    )

    def handle(self, *args, **options):
        logs = send_digests()
        count = sum(log.notification_count for log in logs)
        self.stdout.write(f"Sent {len(logs)} digest(s) covering {count} notification(s).")
