"""Admin for pages (the editorial workflow's actions) and the contact messages (moderators work on the site)."""

from django.contrib import admin

from editorial.admin import WORKFLOW_FIELDSET, EditorialAdmin
from pages.forms import PageForm
from pages.models import ContactMessage, Page


@admin.register(Page)
class PageAdmin(EditorialAdmin):
    form = PageForm
    list_display = ["title", "slug", "workflow_status", "publish_at", "last_reviewed"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "show_advisory_panel", "last_reviewed"]}),
        WORKFLOW_FIELDSET,
    ]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "name", "email", "handled_at"]
    list_filter = ["topic", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "message"]
    readonly_fields = ["name", "email", "topic", "message", "sender", "created_at", "handled_at", "handled_by"]
    fields = [*readonly_fields, "note"]

    def has_add_permission(self, request):
        return False
