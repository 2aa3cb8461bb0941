from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from articles.models import Article
from core.edits import SeenVersionMixin
from core.images import ImageUploadField
from editorial.models import Topic


class ArticleForm(SeenVersionMixin, forms.ModelForm):
    """Saving writes what the editor changed from what they saw; a clash with another editor is reported."""

    hero_image = ImageUploadField(required=False, label="Hero image")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=60_000,
        help_text="Markdown: ## headings, **bold**, [links](https://…), lists and tables.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "hero_image",
            "hero_alt",
            "hero_caption",
            "authors",
            "topics",
            "featured",
            "seo_description",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.CheckboxSelectMultiple,
            "authors": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Used in the address; made from the title when left empty."
        self.fields["authors"].queryset = get_user_model().objects.filter(is_active=True).order_by("display_name")
        self.fields["authors"].help_text = "Hold Ctrl (Cmd on a Mac) to choose more than one."
        self.fields["topics"].queryset = Topic.objects.all()

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:150]
        if not slug:
            return slug
        base, n = slug, 2
        others = Article.objects.exclude(pk=self.instance.pk)
        if not self.data.get(self.add_prefix("slug")):
            while others.filter(slug=slug).exists():
                slug = f"{base}-{n}"
                n += 1
        return slug
