"""Print the current TOTP code of a demo account, so a newcomer can sign in as an
editor, moderator or the admin without an authenticator app. Development only."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of an account (local development only: refused with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("account", help="username or email address, e.g. ed or ed.editor@nhs.net")

    def handle(self, *args, account, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code only runs with DEBUG on: it gives away a second factor.")
        user = User.objects.filter(Q(username=account) | Q(email__iexact=account)).first()
        if user is None:
            raise CommandError(f"No account has the username or email address {account!r}.")
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError(f"{user.email} has no authenticator app (TOTP) set up, so needs no code.")
        now = int(time.time())
        period = mfa_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), now // period))
        self.stdout.write(f"{code}  (TOTP code for {user.email}; the next one comes in {period - now % period} s)")
