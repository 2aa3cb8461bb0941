"""{% url %} remembers addresses it has worked out, and gives exactly what reverse() gives."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from core.urls import kept_reverse


def _render(source, **context):
    return Template(source).render(Context(context))


def test_the_tag_is_ours_and_gives_what_reverse_gives():
    from core.templatetags.kept_urls import KeptURLNode

    assert isinstance(Template("{% url 'forum:index' %}").nodelist[0], KeptURLNode)
    for _ in range(2):  # worked out, then remembered
        assert _render("{% url 'forum:index' %}") == reverse("forum:index")
        assert _render("{% url 'forum:reply' pk %}", pk=7) == reverse("forum:reply", args=[7])
        assert _render("{% url 'forum:reply' pk=8 %}") == reverse("forum:reply", kwargs={"pk": 8})
        assert _render("{% url 'forum:reply' 9 as link %}[{{ link }}]") == f"[{reverse('forum:reply', args=[9])}]"


def test_different_arguments_are_different_addresses():
    assert _render("{% url 'forum:reply' 1 %}") != _render("{% url 'forum:reply' 2 %}")


def test_an_address_that_does_not_exist_still_fails_and_as_gives_nothing():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'forum:no-such-page' %}")
    assert _render("{% url 'forum:no-such-page' as link %}[{{ link }}]") == "[]"
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_the_script_prefix_is_part_of_the_key():
    plain = kept_reverse("forum:index")
    set_script_prefix("/ccio/")
    try:
        assert kept_reverse("forum:index") == "/ccio" + plain
    finally:
        clear_script_prefix()
    assert kept_reverse("forum:index") == plain


def test_objects_as_arguments_are_reversed_each_time():
    class Slug:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    assert kept_reverse("forum:category", [Slug("a")]) != kept_reverse("forum:category", [Slug("b")])
