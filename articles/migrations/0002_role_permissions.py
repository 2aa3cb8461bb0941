from django.db import migrations

from accounts import roles

EDITOR_PERMISSIONS = ["add_article", "change_article", "view_article"]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.EDITORS, "articles", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
