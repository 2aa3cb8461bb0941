from django.core.management.base import BaseCommand

from notifications.weekly import send_summaries


class Command(BaseCommand):
    help = (
        "Email each member who asked for it this week's summary of what they missed. Safe to run more than once "
        "a week, and from two places at once: nobody gets a second summary the same week. Schedule it weekly."
    )

    def handle(self, *args, **options):
        summaries = send_summaries()
        items = sum(s.item_count for s in summaries)
        self.stdout.write(f"Sent {len(summaries)} weekly summary email(s) covering {items} item(s).")
