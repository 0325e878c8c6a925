"""Furniture (drawn faint, in currentColor), equipment and arrows (in the accent colour)."""

from figure import ACCENT, GROUND, along, angle_of, f, path_d, sub

FAINT = 0.35
STAND_HIP_Y = GROUND - 4 - 36 - 37  # hip height of an upright standing figure
SEAT_HIP_Y = GROUND - 4 - 36  # hip height when seated with the shins vertical
SEAT_TOP = SEAT_HIP_Y + 6


def floor(svg, x0=10, x1=230):
    svg.line([(x0, GROUND), (x1, GROUND)], width=2, opacity=FAINT)


def mat(svg, x0, x1):
    svg.line([(x0, GROUND - 1.5), (x1, GROUND - 1.5)], width=3, accent=True, opacity=0.6)


def chair(svg, front_x, back=True, depth=34, back_height=44, faces=1):
    """A chair seen from the side; faces=1 when the sitter faces right."""
    back_x = front_x - faces * depth
    svg.line([(back_x, SEAT_TOP), (front_x, SEAT_TOP)], width=4, opacity=FAINT)
    svg.line([(front_x - faces * 3, SEAT_TOP), (front_x - faces * 3, GROUND)], width=3, opacity=FAINT)
    top = SEAT_TOP - back_height if back else SEAT_TOP
    svg.line([(back_x + faces * 3, top), (back_x + faces * 3, GROUND)], width=3, opacity=FAINT)


def stool_front(svg, cx, half=22):
    svg.line([(cx - half, SEAT_TOP), (cx + half, SEAT_TOP)], width=4, opacity=FAINT)
    svg.line([(cx - half + 3, SEAT_TOP), (cx - half + 3, GROUND)], width=3, opacity=FAINT)
    svg.line([(cx + half - 3, SEAT_TOP), (cx + half - 3, GROUND)], width=3, opacity=FAINT)


def wall(svg, x, top=12):
    svg.line([(x, GROUND), (x, top)], width=4, opacity=FAINT)


def door_jamb(svg, x, top=10):
    svg.raw(f'<rect x="{f(x - 4)}" y="{f(top)}" width="8" height="{f(GROUND - top)}" rx="2" '
            f'stroke-width="3" opacity="{FAINT}"/>')


def table(svg, x0, x1, y):
    svg.line([(x0, y), (x1, y)], width=4, opacity=FAINT)
    svg.line([(x1 - 4, y), (x1 - 4, GROUND)], width=3, opacity=FAINT)
    svg.line([(x0 + 4, y), (x0 + 4, GROUND)], width=3, opacity=FAINT)


def roller(svg, c, r=10):
    svg.raw(f'<circle cx="{f(c[0])}" cy="{f(c[1])}" r="{f(r)}" stroke-width="3" '
            f'style="stroke:{ACCENT};fill:{ACCENT};fill-opacity:.2"/>')


def ball(svg, c, r=5.5):
    svg.circle(c, r, accent=True)


def pack(svg, centre, angle, length=18, width=8):
    """A wrapped heat or cold pack laid along `angle`."""
    a = along(centre, angle, -length / 2)
    b = along(centre, angle, length / 2)
    svg.line([a, b], width=width, accent=True)


def arrow(svg, points, head=6):
    """A movement arrow along `points`, with its head at the last point."""
    svg.line(points, width=3, accent=True)
    tip = points[-1]
    back = angle_of(sub(points[-2], tip))
    svg.line([along(tip, back + 35, head), tip, along(tip, back - 35, head)], width=3, accent=True)


def curved_arrow(svg, p0, control, p1, head=6):
    svg.raw(f'<path d="M{f(p0[0])} {f(p0[1])}Q{f(control[0])} {f(control[1])} {f(p1[0])} {f(p1[1])}" '
            f'stroke-width="3" style="stroke:{ACCENT}"/>')
    back = angle_of(sub(control, p1))
    svg.line([along(p1, back + 35, head), p1, along(p1, back - 35, head)], width=3, accent=True)


def warmth(svg, origin, count=3, gap=7, height=12, angle=-90):
    """Wavy lines rising from `origin`: warmth."""
    for i in range(count):
        start = along(origin, angle + 90, (i - (count - 1) / 2) * gap)
        p = [start]
        for k in range(1, 4):
            p.append(along(along(start, angle, k * height / 3), angle + 90, 2.5 if k % 2 else -2.5))
        svg.raw(f'<path d="{path_d(p)}" stroke-width="2" style="stroke:{ACCENT}" opacity=".8"/>')


def chill(svg, centre, size=5):
    """A small six-armed star: cold."""
    for a in (0, 60, 120):
        svg.line([along(centre, a, size), along(centre, a + 180, size)], width=2, accent=True)
