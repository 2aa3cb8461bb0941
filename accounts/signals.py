from django.dispatch import Signal

# Sent with user=... just before an account's personal data is erased, so each
# app can erase or anonymise what it keeps about that member.
account_erased = Signal()

# Sent with user=... when a member downloads their data (right of access and
# portability). Each app that keeps personal data answers with
# (section name, JSON-serialisable data) for what it holds about that member,
# so the export stays complete as apps change without accounts knowing their
# models.
account_exported = Signal()

# Sent with application=... when a membership application starts waiting for a
# moderator's decision (a first application, or a new one after a decline).
application_submitted = Signal()
