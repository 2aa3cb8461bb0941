"""Admin for editorial items: workflow transitions go through editorial.services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from editorial import services
from editorial.models import LIVE_STATUSES, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


def _run(modeladmin, request, queryset, function, **kwargs):
    done = 0
    for item in queryset:
        try:
            function(item=item, by=request.user, **kwargs)
            done += 1
        except services.WorkflowError as error:
            modeladmin.message_user(request, f"“{item}”: {' '.join(error.messages)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{done} item(s) updated.", messages.SUCCESS)


@admin.action(description="Submit for review")
def submit_action(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.submit)


@admin.action(description="Send back to draft")
def return_action(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.return_to_draft)


@admin.action(description="Approve")
def approve_action(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.approve)


@admin.action(description="Publish now")
def publish_action(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.publish)


@admin.action(description="Schedule at each item's “publish at” time")
def schedule_action(modeladmin, request, queryset):
    for item in queryset:
        _run(modeladmin, request, [item], services.schedule, publish_at=item.publish_at)


@admin.action(description="Withdraw")
def withdraw_action(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.withdraw)


# The last fieldset of every editorial item's admin page.
WORKFLOW_FIELDSET = (
    "Workflow",
    {
        "fields": [
            "editor_links",
            "status",
            "publish_at",
            "created_by",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "created_at",
            "updated_at",
        ]
    },
)


class EditorialAdmin(SimpleHistoryAdmin):
    """Base admin for any EditorialItem. Status only changes through the actions."""

    actions = [submit_action, return_action, approve_action, schedule_action, publish_action, withdraw_action]
    # Everything in the workflow fieldset but the publish time is the workflow's own.
    workflow_readonly = [name for name in WORKFLOW_FIELDSET[1]["fields"] if name != "publish_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.workflow_readonly]
        if obj is not None and obj.status in LIVE_STATUSES:
            # A scheduled or published item changes its time only through the Schedule or Publish actions.
            fields.append("publish_at")
        return fields

    @admin.display(description="Status", ordering="status")
    def workflow_status(self, obj):
        return obj.workflow_label

    @admin.display(description="On the site")
    def editor_links(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">Workflow</a> · <a href="{}">Preview</a> · <a href="{}">History, compare and restore</a>',
            obj.get_editor_url(),
            obj.get_preview_url(),
            obj.get_history_url(),
        )

    def save_model(self, request, obj, form, change):
        services.save_item(item=obj, by=request.user, reason="Edited in the admin")

    # Restoring goes through editorial.services.restore (on the site), which keeps
    # the workflow state; the admin's own "revert" would copy the status back too.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
