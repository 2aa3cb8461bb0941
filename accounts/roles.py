"""The site's roles. Each is a Django group whose permissions a data migration sets."""

MEMBERS = "Members"
EDITORS = "Editors"
MODERATORS = "Moderators"

ALL = (MEMBERS, EDITORS, MODERATORS)
STAFF_ROLES = frozenset({EDITORS, MODERATORS})


def grant_permissions(apps, role, app_label, codenames):
    """For data migrations: give a role model permissions of one app.

    Permissions are normally created after migrations run, so this creates the
    ones it needs first.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Migration state has no models module; create_permissions skips apps without one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=role)
    perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(perms.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*perms)
