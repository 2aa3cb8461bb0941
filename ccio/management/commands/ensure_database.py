import warnings

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL database that DATABASE_URL names if it does not exist yet "
        "(`make run` and `make test` run this first; nothing to do on SQLite)."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return
        name = connection.settings_dict["NAME"]
        try:
            # Django's own way in when the named database is missing (its test
            # runner creates test databases through it): the "postgres" database.
            # Its warning about falling back to another database says nothing useful here.
            with (
                warnings.catch_warnings(action="ignore", category=RuntimeWarning),
                connection._nodb_cursor() as cursor,
            ):
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone():
                    return
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        except OperationalError as error:
            host = connection.settings_dict["HOST"] or "localhost"
            port = connection.settings_dict["PORT"] or "5432"
            raise CommandError(f"Could not create PostgreSQL database {name} on {host}:{port}: {error}") from error
        self.stdout.write(f"Created PostgreSQL database {name}.")
