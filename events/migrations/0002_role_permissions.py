from django.db import migrations

from accounts import roles

MODELS = ["event", "series", "eventquestion", "eventmaterial", "registration", "session", "speaker"]


def grant(apps, schema_editor):
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
    roles.grant_permissions(apps, roles.EDITORS, "events", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
