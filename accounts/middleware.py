from django.conf import settings

from core.permissions import has_mfa, mfa_setup_redirect


class StaffMFAMiddleware:
    """Staff must have a second factor before they can use the admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "ADMIN_URL", "admin/")

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(self.admin_prefix)
            and user.is_authenticated
            and user.is_staff
            and not has_mfa(user)
        ):
            return mfa_setup_redirect(request)
        return self.get_response(request)
