#!/usr/bin/env python3
"""Draws the Dossier app icon (a folder-shaped record with a care cross) into icons/.

Run once when the icon changes; the PNG/ICO/ICNS files it writes are committed.
Needs Pillow (pip install pillow). Mobile icon sets come later from `cargo tauri icon`.
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "icons"
S = 1024
TEAL = (15, 118, 110, 255)
TEAL_DARK = (17, 94, 89, 255)
WHITE = (255, 255, 255, 255)
MINT = (204, 251, 241, 255)


def draw(size: int = S) -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40, 40, S - 40, S - 40), radius=220, fill=TEAL)
    # Folder back with its tab.
    d.rounded_rectangle((200, 270, 520, 400), radius=40, fill=MINT)
    d.rounded_rectangle((200, 330, 824, 780), radius=56, fill=MINT)
    # Folder front.
    d.rounded_rectangle((200, 400, 824, 800), radius=56, fill=WHITE)
    # Care cross on the front.
    cx, cy, arm, half = 512, 600, 130, 46
    d.rounded_rectangle((cx - half, cy - arm, cx + half, cy + arm), radius=18, fill=TEAL_DARK)
    d.rounded_rectangle((cx - arm, cy - half, cx + arm, cy + half), radius=18, fill=TEAL_DARK)
    return img.resize((size, size), Image.LANCZOS) if size != S else img


def main() -> None:
    OUT.mkdir(exist_ok=True)
    master = draw()
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        master.resize((size, size), Image.LANCZOS).save(OUT / name)
    master.save(OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    master.save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
