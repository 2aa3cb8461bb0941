from django.contrib import admin

from editorial import services
from editorial.admin import WORKFLOW_FIELDSET, EditorialAdmin
from profiles.forms import CCIOProfileForm, DirectoryEntryForm, OrganisationForm
from profiles.models import CCIOProfile, DirectoryEntry, InterviewAnswer, Organisation, TimelineEntry


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "type", "region", "ods_code"]
    list_filter = ["type", "region"]
    search_fields = ["name", "ods_code"]


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    form = DirectoryEntryForm
    list_display = ["user", "job_title", "organisation", "visibility", "advisory_panel", "updated_at"]
    list_filter = ["visibility", "advisory_panel", "profession", "organisation__region"]
    search_fields = ["user__username", "user__display_name", "organisation__name"]
    raw_id_fields = ["user"]
    fields = ["user", "advisory_panel", *DirectoryEntryForm.Meta.fields]


class InterviewAnswerInline(admin.StackedInline):
    model = InterviewAnswer
    fields = ["order", "question", "answer"]
    extra = 1


class TimelineEntryInline(admin.TabularInline):
    model = TimelineEntry
    fields = ["start_year", "end_year", "role", "place"]
    extra = 1


@admin.register(CCIOProfile)
class CCIOProfileAdmin(EditorialAdmin):
    form = CCIOProfileForm
    inlines = [InterviewAnswerInline, TimelineEntryInline]
    list_display = ["headline", "name", "workflow_status", "publish_at", "advisory_panel", "panel_chair"]
    list_filter = ["status", "advisory_panel", "organisation__region"]
    search_fields = ["headline", "name"]
    raw_id_fields = ["member"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.save_children(
            item=form.instance, by=request.user, reason="Interview or timeline changed in the admin"
        )

    fieldsets = [
        (None, {"fields": ["name", "role_title", "headline", "slug", "standfirst", "organisation", "member"]}),
        ("Portrait", {"fields": ["portrait", "portrait_alt"]}),
        ("Advisory panel and home page", {"fields": ["advisory_panel", "panel_chair", "featured"]}),
        WORKFLOW_FIELDSET,
    ]
