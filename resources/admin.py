"""Admin for the library. Learning plans, CPD logs and useful marks are private to each member: not here."""

from django.contrib import admin

from editorial import services
from editorial.admin import WORKFLOW_FIELDSET, EditorialAdmin
from resources.forms import ResourceForm
from resources.models import Resource


@admin.register(Resource)
class ResourceAdmin(EditorialAdmin):
    form = ResourceForm
    list_display = ["title", "kind", "workflow_status", "publish_at", "access", "featured", "useful_count"]
    list_filter = ["status", "kind", "level", "access", "featured", "topics"]
    search_fields = ["title", "summary", "provider"]
    readonly_fields = ["file_name", "useful_count", "event", "event_material"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "kind", "topics", "featured", "access"]}),
        ("Provider and where to find it", {"fields": ["provider", "organisation", "url", "file", "file_name"]}),
        ("Who and how", {"fields": ["level", "cost", "cost_note", "format", "duration", "cpd_hours", "suits"]}),
        ("From an event", {"fields": ["event", "event_material", "useful_count"]}),
        WORKFLOW_FIELDSET,
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.event_material_id:
            synced = set(ResourceForm.SYNCED_FIELDS)
            return [
                (name, {"fields": [f for f in opts["fields"] if f not in synced]}) for name, opts in self.fieldsets
            ]
        return self.fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.save_children(item=form.instance, by=request.user, reason="Topics changed in the admin")
