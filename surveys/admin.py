"""Admin for surveys (the editorial workflow's actions come with EditorialAdmin) and polls.

Responses are not in the admin: an anonymous survey's rows must not be browsable next to who answered.
Editors read responses through the results page and the CSV export.
"""

from django.contrib import admin

from editorial.admin import WORKFLOW_FIELDSET, EditorialAdmin
from surveys.models import Option, Poll, Question, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    fk_name = "survey"
    extra = 0
    fields = [
        "position",
        "section",
        "text",
        "help_text",
        "kind",
        "required",
        "allow_other",
        "max_choices",
        "min_value",
        "max_value",
        "unit",
        "min_label",
        "max_label",
    ]
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["position", "label"]


@admin.register(Survey)
class SurveyAdmin(EditorialAdmin):
    list_display = ["title", "workflow_status", "opens_at", "closes_at", "anonymous", "results_visibility"]
    list_filter = ["status", "anonymous", "audience", "results_visibility"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction"]}),
        ("When and who", {"fields": ["opens_at", "closes_at", "audience", "anonymous", "results_visibility"]}),
        WORKFLOW_FIELDSET,
    ]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["text"]
    inlines = [OptionInline]
    raw_id_fields = ["survey", "poll"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "closes_at", "closed_at"]
    raw_id_fields = ["topic"]
    readonly_fields = ["created_at"]
