"""Revision snapshots keep an article's authors by id only, not by name.

A name kept in the revision history (and shown on the compare page) outlived
the author's change of name and the erasure of their account. The compare
page now names authors as they are now; here the stored names are dropped
from the article rows and from every revision.
"""

from django.db import migrations


def _without_names(state):
    if not isinstance(state, dict) or not state.get("authors"):
        return state
    authors = [{"id": a["id"]} for a in state["authors"] if isinstance(a, dict) and "id" in a]
    return {**state, "authors": authors}


def forwards(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("articles", name)
        key = "history_id" if name.startswith("Historical") else "pk"
        changed = []
        for row in model.objects.exclude(children_state={}).only(key, "children_state").iterator(chunk_size=1000):
            state = _without_names(row.children_state)
            if state != row.children_state:
                row.children_state = state
                changed.append(row)
        model.objects.bulk_update(changed, ["children_state"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_children_state"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
