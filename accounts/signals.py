from django.dispatch import Signal

# Sent with user=... just before an account's personal data is erased, so each
# app can erase or anonymise what it keeps about that member.
account_erased = Signal()
