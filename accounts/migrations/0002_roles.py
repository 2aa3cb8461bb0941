from django.db import migrations

from accounts import roles


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)
    roles.grant_permissions(
        apps,
        roles.MODERATORS,
        "accounts",
        ["view_user", "view_membershipapplication", "change_membershipapplication"],
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ALL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
