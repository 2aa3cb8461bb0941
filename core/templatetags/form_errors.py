"""GOV.UK's error summary for a page whose form is made of several parts (a form and its formsets).

`{% error_summary form formset … %}` renders the same box as templates/components/error_summary.html,
one link per error to its field; `{% any_errors form formset … as failed %}` tells the page title
block whether to start with "Error:".
"""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


def _first_field_id(form):
    fields = form.visible_fields()
    return fields[0].id_for_label if fields else ""


def _form_items(form, row=None):
    suffix = f" ({row})" if row else ""
    items = [(f"#{_first_field_id(form)}", f"{error}") for error in form.non_field_errors()]
    for field in form.hidden_fields() + form.visible_fields():
        for error in field.errors:
            label = f"{field.label}{suffix}: " if field.label else ""
            items.append((f"#{field.id_for_label}", f"{label}{error}"))
    return items


def _items(part):
    if isinstance(part, BaseFormSet):
        if not part.is_bound:
            return []
        forms = list(part.forms)
        first = f"#{_first_field_id(forms[0])}" if forms else ""
        items = [(first, str(error)) for error in part.non_form_errors()]
        for number, form in enumerate(forms, start=1):
            items.extend(_form_items(form, row=f"row {number}"))
        return items
    if isinstance(part, BaseForm):
        return _form_items(part) if part.is_bound else []
    return []


@register.inclusion_tag("components/error_summary_box.html")
def error_summary(*parts):
    return {"items": [item for part in parts for item in _items(part)]}


@register.simple_tag
def any_errors(*parts):
    return any(_items(part) for part in parts)
