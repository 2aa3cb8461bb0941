"""The task worker: django-tasks-db's db_worker, plus a sweep that neither django-tasks nor its database
backend provides: emails that are due (a retry, or one whose task was never queued) are sent, an email
left "sending" by a worker that died is sent again, and tasks left "running" by a dead worker go back in
the queue. Run this instead of db_worker; it takes the same options.
"""

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from notifications import outbox

logger = logging.getLogger("notifications.worker")


def sweep(worker):
    """One pass: stale tasks back in the queue, then every due email sent. Never raises."""
    try:
        close_old_connections()
        outbox.requeue_stale_tasks()
        counts = outbox.send_due(worker=worker)
        if counts:
            logger.info("Sweep sent outbox emails: %s", counts)
    except Exception:  # noqa: BLE001 - the next sweep tries again
        logger.exception("Outbox sweep failed")
    finally:
        connection.close()


class Command(DBWorkerCommand):
    help = (
        "Run background tasks (django-tasks-db's worker) and, every --sweep-every seconds, send the outbox's "
        "due emails and requeue tasks left running by a worker that stopped."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=30,
            help="Seconds between outbox sweeps (default: %(default)s).",
        )

    def handle(self, *args, sweep_every, batch, **options):
        name = f"{outbox.worker_name()}:sweep"
        if batch:
            sweep(name)
            return super().handle(*args, batch=batch, **options)
        stop = threading.Event()

        def loop():
            while not stop.is_set():
                sweep(name)
                stop.wait(sweep_every)

        threading.Thread(target=loop, name="outbox-sweep", daemon=True).start()
        try:
            return super().handle(*args, batch=batch, **options)
        finally:
            stop.set()
