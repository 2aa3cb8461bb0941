"""Which models use the editorial workflow, for the editor area's generic views.

Each app registers its editorial models in its AppConfig.ready().
"""

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    model: type
    plural: str
    create_url_name: str
    edit_url_name: str

    @property
    def singular(self):
        return self.model._meta.verbose_name

    @property
    def label(self):
        return self.model.editorial_label()

    def create_url(self):
        return reverse(self.create_url_name)

    def edit_url(self, obj):
        return reverse(self.edit_url_name, args=[obj.pk])


_entries = {}


def register(model, *, plural, create_url_name, edit_url_name):
    entry = Entry(model=model, plural=plural, create_url_name=create_url_name, edit_url_name=edit_url_name)
    _entries[entry.label] = entry
    return entry


def entries():
    return list(_entries.values())


def get(label):
    try:
        return _entries[label]
    except KeyError:
        raise Http404("No such kind of editorial item.") from None


def entry_for(obj):
    return get(type(obj).editorial_label())
