from django.conf import settings

from core.permissions import mfa_setup_redirect


class StaffMFAMiddleware:
    """Staff whose session has not passed the second factor are sent to set it up (or confirm it) before the admin.

    The admin refuses them anyway (core.admin_site asks `can_use_admin`); this
    only turns the refusal into a way forward.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "ADMIN_URL", "admin/")

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(self.admin_prefix)
            and user.is_authenticated
            and user.is_staff
            and user.roles_switched_off
        ):
            return mfa_setup_redirect(request)
        return self.get_response(request)
