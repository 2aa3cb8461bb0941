"""What the outbox holds: emails waiting, being retried, being sent and failed; retry or send them now."""

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from notifications import outbox
from notifications.models import OutgoingEmail

LIST_LIMIT = 50


class Command(BaseCommand):
    help = (
        "Show the outbox: how many emails are waiting, retrying, being sent, failed and sent today, and the "
        "ones not sent yet with their last error. --retry ID... or --retry-failed sends failed ones again; "
        "--send-due sends everything due now, here; --prune DAYS forgets old sent ones (schedule it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", nargs="+", type=int, metavar="ID", help="Send these emails again now.")
        parser.add_argument("--retry-failed", action="store_true", help="Send every failed email again now.")
        parser.add_argument("--send-due", action="store_true", help="Send every email that is due, in this process.")
        parser.add_argument(
            "--prune", type=int, metavar="DAYS", help="Forget emails sent or cancelled more than DAYS days ago."
        )

    def handle(self, *args, retry=None, retry_failed=False, send_due=False, prune=None, **options):
        if prune is not None:
            self.stdout.write(f"Forgot {outbox.prune(days=prune)} email(s) sent more than {prune} days ago.")
        if retry:
            count = outbox.retry(OutgoingEmail.objects.filter(pk__in=retry))
            self.stdout.write(f"Queued {count} email(s) to be sent again.")
        if retry_failed:
            count = outbox.retry(OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED))
            self.stdout.write(f"Queued {count} failed email(s) to be sent again.")
        if send_due:
            counts = outbox.send_due(worker=f"{outbox.worker_name()}:command")
            self.stdout.write(
                "Sent now: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing due")
            )
        self._summary()

    def _summary(self):
        by_status = dict(OutgoingEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
        retrying = OutgoingEmail.objects.retrying().count()
        day_ago = timezone.now() - timezone.timedelta(days=1)
        sent_today = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__gte=day_ago).count()
        waiting = by_status.get(OutgoingEmail.Status.PENDING, 0) - retrying
        self.stdout.write(
            f"Waiting: {waiting}  Retrying: {retrying}  Being sent: {by_status.get('sending', 0)}  "
            f"Failed: {by_status.get('failed', 0)}  Sent in the last 24 hours: {sent_today}"
        )
        unsent = OutgoingEmail.objects.filter(
            status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENDING, OutgoingEmail.Status.FAILED]
        ).order_by("status", "next_attempt_at", "pk")
        for row in unsent[:LIST_LIMIT]:
            when = timezone.localtime(row.next_attempt_at).strftime("%d/%m/%Y %H:%M")
            self.stdout.write(
                f"#{row.pk} {row.status:<8} {row.purpose}  attempts {row.attempts}, next {when}"
                + (f"  last error: {row.last_error.splitlines()[0]}" if row.last_error else "")
            )
