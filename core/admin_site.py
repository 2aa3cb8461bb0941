"""The admin site, asking the same rule as the rest of the site.

Staff may use the admin only in a session that passed the second factor
(core.second_factor); the User model's has_perm answers as for a plain member
otherwise. Installed in place of django.contrib.admin (INSTALLED_APPS), so
`admin.site` and `@admin.register` everywhere are this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SiteAdmin(admin.AdminSite):
    def has_permission(self, request):
        # Imported here: this module is loaded with INSTALLED_APPS, before models can be.
        from core.permissions import is_staff

        return is_staff(request.user)


class SiteAdminConfig(AdminConfig):
    default_site = "core.admin_site.SiteAdmin"
