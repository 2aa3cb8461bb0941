from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User


class Command(BaseCommand):
    help = "Fill an empty database with the benchmark's deterministic data (see bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["full", "small"], default="full")

    def handle(self, *args, scale, **options):
        from bench.seed import SCALES, seed

        if User.objects.filter(username__startswith="bench-member-").exists():
            raise CommandError("This database already has benchmark data; `make bench` resets it when needed.")
        self.stdout.write(f"Seeding the {scale} benchmark data set")
        with transaction.atomic():
            seed(SCALES[scale], self.stdout)
        self.stdout.write(self.style.SUCCESS("Benchmark data is ready."))
