"""Draws the site's favicon and app icons with Pillow (our own simple design: a white ticket with a
check mark on the programme's dark blue) and writes them, with the SVG favicon and the web manifest,
into events/static/events/icons/.

    python scripts/make_icons.py

The generated files are committed; run this again only to change the design.
"""

import json
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "events" / "static" / "events" / "icons"
BLUE = "#083f78"
WHITE = "#ffffff"
GOLD = "#ffbf47"

# The design on a 100x100 grid: a rounded blue square, a white ticket with two notches, a gold check mark.
SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="{{radius}}" fill="{BLUE}"/>
<path d="M18 30h64v12a8 8 0 0 0 0 16v12H18V58a8 8 0 0 0 0-16z" fill="{WHITE}"/>
<path d="M36 50l9 9 19-19" fill="none" stroke="{GOLD}" stroke-width="8"
 stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def draw(size: int, *, radius: float = 18, padding: float = 0) -> Image.Image:
    """The icon at `size` pixels, drawn 4x larger and scaled down for smooth edges. `padding` (in grid
    units) shrinks the artwork inside a full blue square, for maskable icons."""
    scale = size * 4 / 100
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=radius * scale, fill=BLUE)

    inner = (100 - 2 * padding) / 100

    def at(x: float, y: float) -> tuple[float, float]:
        return ((padding + x * inner) * scale, (padding + y * inner) * scale)

    left, top = at(18, 30)
    right, bottom = at(82, 70)
    pen.rectangle((left, top, right, bottom), fill=WHITE)
    notch = 8 * inner * scale
    for x in (18, 82):
        cx, cy = at(x, 50)
        pen.ellipse((cx - notch, cy - notch, cx + notch, cy + notch), fill=BLUE)
    pen.line([at(36, 50), at(45, 59), at(64, 40)], fill=GOLD, width=round(8 * inner * scale), joint="curve")
    for x, y in ((36, 50), (64, 40)):
        cx, cy = at(x, y)
        r = 4 * inner * scale
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(SVG.replace("{radius}", "18"), encoding="utf-8")
    draw(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # iOS draws its own rounded corners and shows transparency as black: a full square.
    draw(180, radius=0).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(192).save(OUT / "icon-192.png", optimize=True)
    draw(512).save(OUT / "icon-512.png", optimize=True)
    draw(512, radius=0, padding=10).save(OUT / "icon-maskable-512.png", optimize=True)
    manifest = {
        "name": "Đổi mới sáng tạo TP.HCM — Sự kiện và tập huấn",
        "short_name": "ĐMST TP.HCM",
        "lang": "vi",
        "start_url": "/",
        "display": "browser",
        "background_color": "#f6f8fa",
        "theme_color": BLUE,
        "icons": [
            {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": "icon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    (OUT / "site.webmanifest").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"icons written to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
