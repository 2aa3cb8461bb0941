from django import forms
from django.contrib import admin

from notifications import kinds
from notifications.models import DigestLog, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-mostly: notifications are created by the apps, never typed in here."""

    list_display = ["text", "recipient", "kind", "delivery", "created_at", "read_at", "emailed_at", "digested_at"]
    list_filter = ["kind", "delivery", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__email"]
    list_select_related = ["recipient", "actor"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "kind",
        "actor",
        "actor_named",
        "title",
        "url",
        "body",
        "delivery",
        "created_at",
        "emailed_at",
        "digested_at",
    ]
    fields = [
        "recipient",
        "kind",
        "actor",
        "actor_named",
        "title",
        "url",
        "body",
        "delivery",
        "created_at",
        "read_at",
        "emailed_at",
        "digested_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Notification")
    def text(self, obj):
        return obj.text


class NotificationPreferenceAdminForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=kinds.kind_choices())

    class Meta:
        model = NotificationPreference
        fields = ["recipient", "kind", "frequency"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    form = NotificationPreferenceAdminForm
    list_display = ["recipient", "kind", "frequency", "updated_at"]
    list_filter = ["kind", "frequency"]
    search_fields = ["recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["recipient", "date", "sent_at", "notification_count"]
    search_fields = ["recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "date"
    readonly_fields = ["recipient", "date", "sent_at", "notification_count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
