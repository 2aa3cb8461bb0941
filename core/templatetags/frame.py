"""{% per_request "components/messages.html" %}: a part of the page that is the viewer's own (core.frame)."""

from django import template

from core.frame import per_request_marker

register = template.Library()


@register.simple_tag(takes_context=True)
def per_request(context, template_name):
    """The part rendered here and now; in a frame being kept, a marker that each request fills in."""
    if context.get("kept_frame"):
        return per_request_marker(template_name)
    return context.template.engine.get_template(template_name).render(context)
