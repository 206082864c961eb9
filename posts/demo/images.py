"""Simple, pleasant pictures drawn with Pillow for the demo content: no faces, no text, no real places."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw

Color = tuple[int, int, int]

SIZE = (800, 600)
_SCALE = 2  # Drawn at twice the size, then reduced: smooth edges without an anti-aliasing library.

# Sky colours, top to bottom, and the tint of distant things.
_SKIES: dict[str, tuple[Color, Color, Color]] = {
    "morning": ((120, 170, 225), (250, 214, 180), (150, 160, 190)),
    "day": ((92, 152, 222), (200, 226, 245), (140, 170, 200)),
    "dusk": ((70, 70, 140), (250, 170, 120), (110, 90, 140)),
    "winter": ((170, 190, 215), (235, 238, 242), (170, 180, 195)),
}


def _mix(a: Color, b: Color, t: float) -> Color:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _vertical_gradient(size: tuple[int, int], top: Color, bottom: Color) -> Image.Image:
    mask = Image.linear_gradient("L").resize((1, 256))
    column = Image.composite(Image.new("RGB", (1, 256), bottom), Image.new("RGB", (1, 256), top), mask)
    # Stretch the height smoothly, then copy the column across (NEAREST): much faster than one 2-D resize.
    return column.resize((1, size[1]), Image.Resampling.BILINEAR).resize(size, Image.Resampling.NEAREST)


def _glow(img: Image.Image, center: tuple[int, int], radius: int, color: Color, strength: float = 0.55) -> None:
    """A soft halo (sun, moon, lamp light) blended into the picture."""
    falloff = Image.radial_gradient("L").resize((radius * 2, radius * 2))
    # The gradient reaches 181 at the middle of each edge (255 in the corners): fade out before it.
    mask = falloff.point(lambda v: round(255 * max(0.0, 1 - v / 181) ** 2 * strength))
    img.paste(Image.new("RGB", mask.size, color), (center[0] - radius, center[1] - radius), mask)


def _ridge(rng: random.Random, width: int, base: int, amplitude: int, waves: int = 3) -> list[tuple[float, float]]:
    """Points along a smooth hill line from left to right."""
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    points = []
    for step in range(0, width + 20, 20):
        x = step / width
        y = sum(math.sin(x * math.pi * (i + 1) * 1.3 + phases[i]) / (i + 1) for i in range(waves))
        points.append((float(step), base - amplitude * y))
    return points


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, w: int, h: int, base: int, color: Color, amp: int) -> None:
    draw.polygon([*_ridge(rng, w, base, amp), (w, h), (0, h)], fill=color)


def _tree(draw: ImageDraw.ImageDraw, x: float, ground: float, height: float, color: Color) -> None:
    trunk = height * 0.08
    draw.rectangle((x - trunk, ground - height * 0.35, x + trunk, ground), fill=(110, 80, 60))
    draw.ellipse((x - height * 0.3, ground - height, x + height * 0.3, ground - height * 0.3), fill=color)


def _windows(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    rows: int,
    cols: int,
    color: Color,
    rng: random.Random | None = None,
    lit: Color | None = None,
) -> None:
    left, top, right, bottom = box
    cell_w, cell_h = (right - left) / cols, (bottom - top) / rows
    for row in range(rows):
        for col in range(cols):
            fill = lit if lit and rng and rng.random() < 0.35 else color
            x, y = left + col * cell_w, top + row * cell_h
            draw.rectangle((x + cell_w * 0.25, y + cell_h * 0.2, x + cell_w * 0.75, y + cell_h * 0.75), fill=fill)


# Scenes ----------------------------------------------------------------------------------------
# Each draws onto a canvas that already holds the sky, and returns nothing.


def _school(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    ground = h * 0.72
    _hills(draw, rng, w, h, int(h * 0.62), _mix(far, (120, 160, 110), 0.5), int(h * 0.03))
    draw.rectangle((0, ground, w, h), fill=(118, 170, 96))
    left, right, top = w * 0.22, w * 0.78, h * 0.38
    draw.rectangle((left, top, right, ground), fill=(170, 82, 62))
    draw.rectangle((left - w * 0.01, top - h * 0.02, right + w * 0.01, top + h * 0.01), fill=(235, 228, 215))
    draw.rectangle((w * 0.44, top - h * 0.1, w * 0.56, ground), fill=(178, 90, 68))
    draw.polygon([(w * 0.43, top - h * 0.1), (w * 0.5, top - h * 0.17), (w * 0.57, top - h * 0.1)], fill=(90, 70, 80))
    _windows(draw, (left, top + h * 0.03, w * 0.44, ground - h * 0.02), 3, 5, (235, 238, 240))
    _windows(draw, (w * 0.56, top + h * 0.03, right, ground - h * 0.02), 3, 5, (235, 238, 240))
    draw.rectangle((w * 0.475, ground - h * 0.09, w * 0.525, ground), fill=(95, 70, 60))
    draw.rectangle((w * 0.86, h * 0.3, w * 0.864, ground), fill=(200, 200, 205))
    draw.rectangle((w * 0.864, h * 0.3, w * 0.93, h * 0.35), fill=(60, 90, 170))
    draw.polygon([(w * 0.3, h), (w * 0.47, ground), (w * 0.53, ground), (w * 0.7, h)], fill=(214, 205, 188))
    for x in (0.06, 0.14, 0.9):
        _tree(draw, w * x, ground + h * 0.02, h * rng.uniform(0.22, 0.3), (70, 125, 75))


def _city(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    water = h * 0.74
    for layer, (shade, lit) in enumerate(((far, None), (_mix(far, (40, 45, 70), 0.6), (250, 215, 140)))):
        x = -rng.uniform(0, 40)
        while x < w:
            bw = rng.uniform(w * 0.05, w * 0.11)
            bh = rng.uniform(h * 0.12, h * 0.42) * (0.7 if layer == 0 else 1)
            top = water - bh - (h * 0.05 if layer == 0 else 0)
            draw.rectangle((x, top, x + bw, water), fill=shade)
            if lit:
                _windows(
                    draw, (x, top + 6, x + bw, water - 6), max(2, int(bh / 28)), 3, _mix(shade, far, 0.3), rng, lit
                )
            x += bw + rng.uniform(2, w * 0.03)
    river = _vertical_gradient((w, int(h - water)), _mix(far, (60, 80, 120), 0.5), (40, 55, 90))
    img.paste(river, (0, int(water)))
    for _ in range(40):
        y = rng.uniform(water + 8, h)
        x = rng.uniform(0, w)
        draw.line((x, y, x + rng.uniform(20, 70), y), fill=(210, 190, 150), width=2)


def _harbour(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    sea = h * 0.66
    img.paste(_vertical_gradient((w, int(h - sea)), (60, 120, 160), (30, 70, 110)), (0, int(sea)))
    _hills(draw, rng, w, int(sea), int(sea), _mix(far, (90, 110, 120), 0.4), int(h * 0.05))
    hull_top, hull_bottom = sea - h * 0.02, sea + h * 0.07
    left, right = w * 0.18, w * 0.82
    draw.polygon(
        [(left, hull_top), (right + w * 0.04, hull_top), (right, hull_bottom), (left + w * 0.03, hull_bottom)],
        fill=(40, 50, 70),
    )
    draw.rectangle((left, hull_bottom - h * 0.02, right, hull_bottom), fill=(160, 50, 45))
    colors = [(200, 80, 60), (60, 120, 170), (230, 170, 60), (80, 150, 110), (190, 190, 195)]
    box_w, box_h = w * 0.045, h * 0.035
    for stack in range(10):
        for level in range(rng.randint(1, 4)):
            x = left + w * 0.03 + stack * box_w
            y = hull_top - (level + 1) * box_h
            draw.rectangle((x, y, x + box_w - 2, y + box_h - 2), fill=rng.choice(colors))
    draw.rectangle((right - w * 0.06, hull_top - h * 0.16, right - w * 0.01, hull_top), fill=(235, 235, 230))
    _windows(draw, (right - w * 0.06, hull_top - h * 0.15, right - w * 0.01, hull_top - h * 0.04), 3, 2, (60, 80, 110))
    for x in (0.05, 0.92):
        draw.rectangle((w * x, sea - h * 0.3, w * x + 8, sea), fill=(210, 120, 50))
        draw.rectangle((w * x - 40, sea - h * 0.3, w * x + 70, sea - h * 0.28), fill=(210, 120, 50))
    for _ in range(30):
        y = rng.uniform(hull_bottom + 10, h)
        x = rng.uniform(0, w)
        draw.line((x, y, x + rng.uniform(30, 90), y), fill=(150, 190, 215), width=2)


def _airport(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    ground = h * 0.7
    draw.rectangle((0, ground, w, h), fill=(196, 180, 150))
    draw.polygon([(w * 0.2, h), (w * 0.45, ground), (w * 0.55, ground), (w * 1.0, h)], fill=(90, 92, 100))
    for i in range(6):
        t = i / 6
        y1, y2 = ground + (h - ground) * t, ground + (h - ground) * (t + 0.07)
        draw.polygon(
            [
                (w * (0.5 - 0.003 - 0.02 * t), y1),
                (w * (0.5 + 0.003 + 0.05 * t), y1),
                (w * (0.5 + 0.06 * t), y2),
                (w * (0.5 - 0.02 * t), y2),
            ],
            fill=(235, 235, 230),
        )
    draw.rectangle((w * 0.08, ground - h * 0.08, w * 0.4, ground), fill=_mix(far, (220, 220, 225), 0.6))
    _windows(draw, (w * 0.08, ground - h * 0.07, w * 0.4, ground - h * 0.01), 1, 10, (120, 160, 200))
    draw.rectangle((w * 0.78, ground - h * 0.32, w * 0.8, ground), fill=(225, 225, 228))
    draw.polygon(
        [
            (w * 0.755, ground - h * 0.32),
            (w * 0.825, ground - h * 0.32),
            (w * 0.815, ground - h * 0.38),
            (w * 0.765, ground - h * 0.38),
        ],
        fill=(80, 130, 160),
    )
    # An airliner climbing to the right, seen from the side.
    cx, cy, span = w * rng.uniform(0.5, 0.62), h * rng.uniform(0.2, 0.28), w * 0.17
    body, accent = (250, 250, 252), rng.choice([(200, 60, 60), (40, 90, 160), (30, 130, 120)])
    lift = span * 0.12

    def at(dx: float, dy: float) -> tuple[float, float]:
        return (cx + dx * span, cy + dy * span - dx * lift)

    draw.polygon([at(-0.95, -0.04), at(0.8, -0.06), at(1.0, 0.0), at(0.8, 0.07), at(-0.9, 0.05)], fill=body)
    draw.polygon([at(-0.75, -0.04), at(-0.98, -0.42), at(-0.82, -0.42), at(-0.5, -0.04)], fill=accent)
    draw.polygon([at(-0.05, 0.02), at(0.25, 0.02), at(-0.2, 0.4), at(-0.32, 0.4)], fill=(215, 218, 225))
    draw.polygon([at(-0.8, 0.0), at(-0.62, 0.0), at(-0.9, 0.16), at(-0.98, 0.16)], fill=(215, 218, 225))
    draw.line([at(-0.7, 0.01), at(0.75, -0.01)], fill=accent, width=max(2, int(span * 0.02)))


def _mountains(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    for i, shade in enumerate((far, _mix(far, (70, 100, 110), 0.5), (55, 95, 80))):
        _hills(draw, rng, w, h, int(h * (0.45 + 0.12 * i)), shade, int(h * (0.12 - 0.03 * i)))
    lake = h * 0.8
    img.paste(_vertical_gradient((w, int(h - lake)), _mix(far, (120, 170, 200), 0.5), (70, 120, 150)), (0, int(lake)))
    for x in range(6):
        _tree(draw, w * (0.05 + 0.17 * x) + rng.uniform(-20, 20), lake + 4, h * rng.uniform(0.1, 0.16), (45, 85, 60))


def _snow(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    ground = h * 0.68
    _hills(draw, rng, w, h, int(ground), (244, 246, 250), int(h * 0.03))
    for i in range(4):
        x = w * (0.12 + 0.22 * i) + rng.uniform(-25, 25)
        base = ground + rng.uniform(0, h * 0.05)
        width, height = w * 0.12, h * 0.12
        draw.rectangle(
            (x, base - height, x + width, base), fill=rng.choice([(190, 120, 90), (200, 170, 120), (150, 80, 70)])
        )
        draw.polygon(
            [(x - 10, base - height), (x + width / 2, base - height * 1.7), (x + width + 10, base - height)],
            fill=(245, 245, 250),
        )
        _windows(draw, (x + 8, base - height + 8, x + width - 8, base - 12), 1, 2, (250, 215, 140))
    for _ in range(5):
        x, top = rng.uniform(0, w), ground - h * rng.uniform(0.18, 0.3)
        draw.line((x, ground + 10, x, top), fill=(90, 80, 80), width=6)
        for k in range(4):
            y = top + (ground - top) * k / 5
            draw.line((x, y, x + rng.choice((-1, 1)) * w * 0.04, y - h * 0.05), fill=(90, 80, 80), width=3)
    for _ in range(160):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(2, 5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255))


def _beach(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    sea, sand = h * 0.58, h * 0.74
    img.paste(_vertical_gradient((w, int(sand - sea)), (60, 160, 190), (110, 205, 200)), (0, int(sea)))
    draw.polygon([*_ridge(rng, w, int(sand), int(h * 0.015), 2), (w, h), (0, h)], fill=(236, 214, 170))
    x0, base = w * rng.uniform(0.72, 0.85), h * 0.95
    top = (x0 - w * 0.06, h * 0.3)
    draw.line([(x0, base), ((x0 + top[0]) / 2 + 15, (base + top[1]) / 2), top], fill=(120, 90, 60), width=14)
    for angle in range(0, 360, 45):
        rad = math.radians(angle)
        end = (top[0] + math.cos(rad) * w * 0.13, top[1] + math.sin(rad) * h * 0.09 + h * 0.04)
        mid = ((top[0] + end[0]) / 2, (top[1] + end[1]) / 2 - h * 0.03)
        draw.line([top, mid, end], fill=(50, 120, 70), width=12)
    for _ in range(3):
        y = rng.uniform(sea + 10, sand - 10)
        x = rng.uniform(0, w * 0.6)
        draw.line((x, y, x + rng.uniform(60, 160), y), fill=(235, 250, 250), width=3)


def _old_town(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    ground = h * 0.78
    tx = w * 0.62
    draw.rectangle((tx, h * 0.16, tx + w * 0.07, ground), fill=(150, 80, 60))
    draw.polygon([(tx - 6, h * 0.16), (tx + w * 0.035, h * 0.04), (tx + w * 0.07 + 6, h * 0.16)], fill=(70, 110, 90))
    facades = [(236, 200, 130), (210, 140, 120), (170, 190, 160), (240, 225, 200), (200, 170, 200), (160, 190, 210)]
    x = -10.0
    while x < w:
        fw = rng.uniform(w * 0.09, w * 0.14)
        fh = rng.uniform(h * 0.25, h * 0.4)
        color = rng.choice(facades)
        draw.rectangle((x, ground - fh, x + fw, ground), fill=color)
        draw.polygon(
            [(x, ground - fh), (x + fw / 2, ground - fh - h * 0.07), (x + fw, ground - fh)],
            fill=_mix(color, (120, 70, 60), 0.5),
        )
        _windows(draw, (x + 6, ground - fh + 10, x + fw - 6, ground - 30), 3, 3, (90, 110, 130))
        x += fw
    draw.rectangle((0, ground, w, h), fill=(185, 175, 165))
    for gx in range(0, w, 40):
        draw.line((gx, ground, gx - 60, h), fill=(170, 160, 150), width=2)


def _garden(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    ground = h * 0.74
    _hills(draw, rng, w, h, int(h * 0.6), _mix(far, (110, 140, 120), 0.5), int(h * 0.04))
    draw.rectangle((0, ground, w, h), fill=(120, 160, 100))
    hx, hw, hh = w * 0.38, w * 0.4, h * 0.2
    draw.rectangle((hx, ground - hh, hx + hw, ground), fill=(236, 228, 210))
    for i in range(5):
        draw.rectangle(
            (hx + hw * (0.08 + i * 0.18), ground - hh * 0.85, hx + hw * (0.18 + i * 0.18), ground - hh * 0.2),
            fill=(205, 190, 160),
        )
    draw.polygon(
        [
            (hx - w * 0.05, ground - hh),
            (hx + hw * 0.15, ground - hh * 1.55),
            (hx + hw * 0.85, ground - hh * 1.55),
            (hx + hw + w * 0.05, ground - hh),
        ],
        fill=(70, 75, 90),
    )
    trunk_x = w * 0.18
    draw.line(
        [(trunk_x, ground + 10), (trunk_x + 10, ground - h * 0.2), (trunk_x - 20, ground - h * 0.35)],
        fill=(100, 70, 60),
        width=14,
    )
    for _ in range(90):
        x = trunk_x + rng.gauss(0, w * 0.08)
        y = ground - h * 0.36 + rng.gauss(0, h * 0.07)
        r = rng.uniform(8, 18)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice([(248, 196, 210), (240, 170, 190), (252, 220, 228)]))
    draw.polygon([(w * 0.5, h), (w * 0.55, ground), (w * 0.6, ground), (w * 0.75, h)], fill=(200, 195, 180))


def _bridge(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, far: Color) -> None:
    w, h = img.size
    water = h * 0.7
    _hills(draw, rng, w, int(water), int(water), _mix(far, (110, 130, 120), 0.4), int(h * 0.06))
    img.paste(_vertical_gradient((w, int(h - water)), _mix(far, (90, 140, 170), 0.5), (50, 90, 120)), (0, int(water)))
    deck = water - h * 0.1
    stone = (200, 180, 150)
    draw.rectangle((0, deck - h * 0.03, w, deck), fill=stone)
    for i in range(4):
        left = w * (0.02 + i * 0.25)
        draw.rectangle((left, deck, left + w * 0.22, water + h * 0.02), fill=stone)
        draw.ellipse(
            (left + w * 0.02, deck + h * 0.02, left + w * 0.2, water + h * 0.12), fill=_mix(far, (70, 110, 140), 0.5)
        )
    for _ in range(25):
        y = rng.uniform(water + h * 0.05, h)
        x = rng.uniform(0, w)
        draw.line((x, y, x + rng.uniform(30, 80), y), fill=(170, 200, 215), width=2)


SCENES: dict[str, Callable[[Image.Image, ImageDraw.ImageDraw, random.Random, Color], None]] = {
    "school": _school,
    "city": _city,
    "harbour": _harbour,
    "airport": _airport,
    "mountains": _mountains,
    "snow": _snow,
    "beach": _beach,
    "old_town": _old_town,
    "garden": _garden,
    "bridge": _bridge,
}

_SUN_SPAN = {"airport": (0.08, 0.2)}  # Leave the plane's part of the sky clear.
_DEFAULT_SKY = {"snow": "winter", "city": "dusk", "airport": "morning"}


def demo_photo(scene: str, seed: int = 0, size: tuple[int, int] = SIZE, sky: str | None = None) -> bytes:
    """Draw one scene (see SCENES) and return it as JPEG bytes; the same seed gives the same picture."""
    rng = random.Random(f"{scene}-{seed}")  # noqa: S311 - repeatable pictures, not secrets
    sky = sky or _DEFAULT_SKY.get(scene) or rng.choice(("morning", "day", "dusk"))
    top, bottom, far = _SKIES[sky]
    big = (size[0] * _SCALE, size[1] * _SCALE)
    img = _vertical_gradient(big, top, bottom)
    if scene != "snow":
        low, high = _SUN_SPAN.get(scene, (0.15, 0.85))
        sun = (int(big[0] * rng.uniform(low, high)), int(big[1] * rng.uniform(0.12, 0.3)))
        _glow(img, sun, int(big[1] * 0.3), (255, 236, 200))
        radius = big[1] * 0.045
        draw = ImageDraw.Draw(img)
        draw.ellipse((sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius), fill=(255, 246, 225))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(0, big[0]), rng.uniform(big[1] * 0.06, big[1] * 0.3)
        for _puff in range(4):
            rx, ry = rng.uniform(60, 140), rng.uniform(30, 55)
            dx, dy = rng.uniform(-120, 120), rng.uniform(-20, 20)
            draw.ellipse(
                (cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry), fill=_mix(bottom, (255, 255, 255), 0.7)
            )
    SCENES[scene](img, draw, rng, far)
    img = img.reduce(_SCALE)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
