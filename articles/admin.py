from django.contrib import admin

from articles.forms import ArticleForm
from articles.models import Article
from editorial import services
from editorial.admin import WORKFLOW_FIELDSET, EditorialAdmin


@admin.register(Article)
class ArticleAdmin(EditorialAdmin):
    form = ArticleForm
    list_display = ["title", "workflow_status", "publish_at", "featured", "updated_at"]
    list_filter = ["status", "featured", "topics"]
    search_fields = ["title", "standfirst"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.save_children(item=form.instance, by=request.user, reason="Authors or topics changed in the admin")

    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "authors", "topics", "featured"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
        ("Search and social", {"fields": ["seo_description"]}),
        WORKFLOW_FIELDSET,
    ]
