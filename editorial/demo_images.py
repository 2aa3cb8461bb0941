"""Demo pictures drawn with Pillow at seed time (no binary files in the repository)."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

PALETTE = [(0, 94, 184), (0, 48, 135), (0, 114, 198), (65, 182, 230), (0, 164, 153), (120, 190, 32), (118, 134, 146)]


def picture(seed, *, size=(800, 450), label=""):
    """A simple abstract picture: two colour bands and a circle, different for each seed."""
    width, height = size
    first, second = PALETTE[seed % len(PALETTE)], PALETTE[(seed * 3 + 1) % len(PALETTE)]
    image = Image.new("RGB", size, first)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 2 // 3, width, height], fill=second)
    r = min(width, height) // 4
    cx, cy = width * (1 + seed % 3) // 4, height // 2
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 255, 255))
    if label:
        draw.text((cx - 6 * len(label), cy - 6), label, fill=first)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"demo-{seed}.jpg")
