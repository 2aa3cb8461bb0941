from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from articles.models import Article
        from editorial import registry

        registry.register(
            Article,
            plural="Articles",
            create_url_name="editorial:article_new",
            edit_url_name="editorial:article_edit",
        )
