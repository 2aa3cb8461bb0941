"""Events in the admin. Saves and cancellations go through events.services, as on the site."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from events import services
from events.models import Event, EventMaterial, EventQuestion, Registration, Series, Session, Speaker


class EventQuestionInline(admin.TabularInline):
    model = EventQuestion
    extra = 0
    fields = ["text", "help_text", "required", "order"]


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    fields = ["title", "url", "file", "order"]


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = ["title", ("starts_at", "ends_at"), ("track", "format"), "speakers", "abstract"]
    filter_horizontal = ["speakers"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "kind", "format", "status", "confirmed_count", "capacity", "waitlist_count"]
    list_filter = ["status", "kind", "format", "series"]
    search_fields = ["title", "summary", "venue_name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organiser"]
    readonly_fields = ["uid", "sequence", "confirmed_count", "waitlist_count", "created_at", "updated_at"]
    inlines = [EventQuestionInline, EventMaterialInline, SessionInline]
    actions = ["cancel_events"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", ("kind", "format"), "status", "series"]}),
        ("When", {"fields": [("starts_at", "ends_at"), ("registration_opens_at", "registration_closes_at")]}),
        (
            "Where",
            {"fields": ["venue_name", "venue_address", "venue_postcode", "join_url", "join_link_minutes_before"]},
        ),
        ("Places", {"fields": ["capacity", "cpd_hours", "organiser", "confirmed_count", "waitlist_count"]}),
        ("Calendar", {"fields": ["uid", "sequence", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.organiser = obj.organiser or request.user
            obj.save()
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        fresh = Event.objects.get(pk=obj.pk)
        services.event_update(event=fresh, changes=changes)

    @admin.action(description="Cancel the selected events (everyone registered is told)")
    def cancel_events(self, request, queryset):
        for event in queryset:
            services.event_cancel(event=event, by=request.user)
        self.message_user(request, f"Cancelled {queryset.count()} event(s).", messages.SUCCESS)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["member", "event", "status", "waitlisted_at", "created_at", "reminder_sent_at", "attended_at"]
    list_filter = ["status"]
    search_fields = ["member__username", "member__email", "event__title"]
    raw_id_fields = ["event", "member"]
    actions = ["cancel_registrations"]

    def has_add_permission(self, request):
        return False  # registrations are made by members, through registration_create

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Registration._meta.fields]

    @admin.action(description="Cancel the selected registrations (promotes from the waitlist)")
    def cancel_registrations(self, request, queryset):
        for registration in queryset:
            try:
                services.registration_cancel(registration=registration, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{registration}: {' '.join(error.messages)}", messages.WARNING)


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "repeat", "created_at"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "organisation"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["member"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "starts_at", "track", "format"]
    list_filter = ["format", "event"]
    filter_horizontal = ["speakers"]
