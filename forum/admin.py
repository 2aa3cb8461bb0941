from django.contrib import admin

from forum import moderation
from forum.models import Category, Flag, ModerationAction, Post, PostRevision, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "access", "order", "topic_count", "post_count"]
    readonly_fields = ["topic_count", "post_count", "last_posted_at"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "author", "created", "reply_count", "pinned", "locked", "hidden"]
    list_filter = ["category", "pinned", "locked", "hidden"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # Kept by forum.services as posts arrive; Topic.save() never writes them back.
    readonly_fields = [
        "created",
        "last_posted_at",
        "last_post",
        "last_number",
        "reply_count",
        "view_count",
        "accepted_post",
    ]


class RevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    readonly_fields = ["body", "edited_by", "created"]
    exclude = ["body_html"]
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created", "hidden", "deleted", "like_count"]
    list_filter = ["hidden", "deleted", "topic__category"]
    search_fields = ["body", "topic__title"]
    raw_id_fields = ["topic", "author"]
    readonly_fields = ["number", "created", "edited_at", "like_count"]
    fields = ["topic", "number", "author", "body", "hidden", "hidden_reason", "deleted", "created", "edited_at"]
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False  # posts are written on the site, where numbering and counters are kept

    def save_model(self, request, obj, form, change):
        # Editing the body goes through the service so the HTML, history and search stay right.
        if change and "body" in form.changed_data:
            original = Post.objects.get(pk=obj.pk)
            body = obj.body
            obj.body = original.body
            from forum.services import post_edit

            post_edit(post=obj, editor=request.user, body=body)
            form.changed_data.remove("body")
        super().save_model(request, obj, form, change)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reason", "reporter", "status", "created"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["post", "reporter", "resolved_by"]
    actions = ["dismiss"]

    @admin.action(description="Dismiss the selected flags")
    def dismiss(self, request, queryset):
        for flag in queryset.filter(status=Flag.Status.OPEN).select_related("post__topic"):
            moderation.flag_dismiss(flag=flag, moderator=request.user, reason="Dismissed in the admin")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created", "moderator", "kind", "topic", "target_user", "reason"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
