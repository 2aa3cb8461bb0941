from django.db import migrations

from accounts import roles

# Editors keep the library. Plans, logs and useful marks are each member's own: no role reads them.
EDITOR_PERMISSIONS = ["add_resource", "change_resource", "view_resource"]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.EDITORS, "resources", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
