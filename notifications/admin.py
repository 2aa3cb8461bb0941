from django import forms
from django.contrib import admin

from notifications import header, kinds, outbox
from notifications.models import DigestLog, Notification, NotificationPreference, OutgoingEmail


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

    # What a member's list and header show is kept under their version (notifications.header): move it on.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        header.counts_changed([obj.recipient_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        header.counts_changed([obj.recipient_id])

    def delete_queryset(self, request, queryset):
        recipients = set(queryset.values_list("recipient_id", flat=True))
        super().delete_queryset(request, queryset)
        header.counts_changed(recipients)

    def get_queryset(self, request):
        # Notifications about private messages quote them: staff do not read private correspondence.
        return super().get_queryset(request).exclude(kind__in=kinds.private_codes())

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


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: what is waiting, being retried, sent or failed. Failed ones can be sent again."""

    list_display = ["purpose", "kind_label", "status", "attempts", "next_attempt_at", "sent_at", "short_error"]
    list_filter = ["status"]
    search_fields = ["purpose", "recipient__email", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "purpose",
        "recipient",
        "recipients",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "claimed_by",
        "sent_at",
        "last_error",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Last error")
    def short_error(self, obj):
        return obj.last_error.splitlines()[0][:120] if obj.last_error else ""

    @admin.action(description="Send again now (failed or waiting)")
    def retry_now(self, request, queryset):
        count = outbox.retry(queryset)
        self.message_user(request, f"{count} email(s) will be sent again now.")
