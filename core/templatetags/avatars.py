"""A person's avatar: their photo when the page already has it, otherwise a coloured circle with
their initials. Decorative (the name is always written beside it), so hidden from screen readers.

`{% avatar name key=username photo=entry.photo size="sm" %}` (sizes sm 32px, md 48px, lg 64px; the
photo may also be its stored name, as a query annotates it); the
colour comes from `key`, so a person keeps theirs on every page. Every colour carries white text at
more than 4.5:1. Colours and sizes are classes (static/css/site.css): the CSP allows no inline styles.
"""

import hashlib

from django import template
from django.core.files.storage import default_storage

register = template.Library()

# NHS identity colours dark enough for white initials (WCAG AA for normal text).
COLOURS = ["#005eb8", "#003087", "#330072", "#7c2855", "#007f3b", "#425563", "#8a1538", "#00403a"]
TITLES = {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rt", "hon", "the", "rev"}


def initials(name):
    """'Dr Priya Shah' → 'PS'; 'Sarah Whitfield RN' → 'SW'; 'mo' → 'M'."""
    everything = (name or "").replace("\x00", "").split()
    words = [w for w in everything if w.strip(".").lower() not in TITLES] or everything
    # Post-nominals at the end (RN, FRCP, MRPharmS) start with two capitals.
    while len(words) > 1 and len(words[-1]) > 1 and words[-1][:2].isupper():
        words.pop()
    letters = [w[0] for w in words if w[0].isalnum()]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


SIZES = {"sm": 32, "md": 48, "lg": 64}


def _url(photo):
    if not photo:
        return ""
    return photo.url if hasattr(photo, "url") else default_storage.url(photo)


def colour_index(key):
    digest = hashlib.sha256((key or "").encode()).digest()
    return digest[0] % len(COLOURS)


@register.inclusion_tag("components/avatar.html")
def avatar(name, key="", photo=None, size="sm"):
    size = size if size in SIZES else "sm"
    return {
        "photo_url": _url(photo),
        "initials": initials(name),
        "colour": colour_index(key or name),
        "size": size,
        "pixels": SIZES[size],
    }
