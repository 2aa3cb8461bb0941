from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts import services
from accounts.models import MembershipApplication, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "display_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["username", "email", "display_name"]
    ordering = ["-date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal details", {"fields": ["display_name", "email"]}),
        ("Suspension", {"fields": ["suspended_until", "suspension_reason"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "email", "password1", "password2"]})]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "job_title", "organisation", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__username", "organisation"]
    raw_id_fields = ["user"]
    # Decisions go through services.application_decide (the queue or the action
    # below), so that approving always grants the role and tells the applicant.
    readonly_fields = ["status", "decided_by", "decided_at", "decision_reason", "created_at"]
    actions = ["approve"]

    @admin.action(description="Approve selected applications", permissions=["change"])
    def approve(self, request, queryset):
        pending = queryset.filter(status=MembershipApplication.Status.PENDING)
        for application in pending:
            services.application_decide(application=application, moderator=request.user, approve=True)
        self.message_user(request, f"Approved {len(pending)} application(s). Decline from the moderation queue.")
