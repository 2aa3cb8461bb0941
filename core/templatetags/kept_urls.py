"""Django's {% url %} tag, through core.urls.kept_reverse (addresses remembered once worked out).

Installed as a template builtin (settings.TEMPLATES), so it replaces Django's
{% url %} everywhere without a {% load %}.
"""

from django.template import Library, defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from core.urls import kept_reverse

register = Library()


def _current_app(context):
    request = getattr(context, "request", None)
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    return current_app


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        url = ""
        try:
            url = kept_reverse(self.view_name.resolve(context), args, kwargs, _current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's {% url %}, parsed by Django, rendered through kept_reverse."""
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
