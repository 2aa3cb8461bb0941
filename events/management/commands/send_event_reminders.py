from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind members with a place at an event starting in the next 24 hours. "
        "Safe to run every few minutes: each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="How far ahead to look (default 24).")

    def handle(self, *args, **options):
        import datetime as dt

        sent = send_reminders(ahead=dt.timedelta(hours=options["hours"]))
        self.stdout.write(f"Sent {sent} event reminder{'s' if sent != 1 else ''}.")
