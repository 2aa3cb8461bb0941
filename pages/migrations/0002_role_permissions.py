from django.db import migrations

from accounts import roles

# Editors keep the pages; moderators answer the contact inbox (on the site; the admin shows it read-only).
EDITOR_PERMISSIONS = ["add_page", "change_page", "view_page"]
MODERATOR_PERMISSIONS = ["view_contactmessage", "change_contactmessage"]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.EDITORS, "pages", EDITOR_PERMISSIONS)
    roles.grant_permissions(apps, roles.MODERATORS, "pages", MODERATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
