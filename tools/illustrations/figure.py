"""One mannequin for every unknot illustration: a rounded-limb figure posed by joint angles.

Coordinates are SVG user units in a 240 x 180 view box, y pointing down. Angles are absolute
screen angles in degrees: 0 points right, 90 points down, -90 (or 270) points up, 180 left.
The side-view figure always faces right when upright, so lying face up puts the head on the
left and lying face down puts the head on the right; one chirality keeps every pose consistent.

Everything the figure draws uses `currentColor`, so a page's light or dark theme colours it.
Equipment and movement arrows use the accent colour (see ACCENT)."""

import math

GROUND = 166.0  # y of the floor line
ACCENT = "var(--accent, #1f6feb)"
HIGHLIGHT = "var(--hl, #e0822a)"

# The colours travel with the file: a picture shown through <img> cannot see the page's CSS, so
# each file carries the page's palette for light and dark (web/assets/style.css) itself.
STYLE = ("svg{color:#1c1f23;--accent:#0f5c55;--hl:#e0822a}"
         "@media(prefers-color-scheme:dark){svg{color:#eceff1;--accent:#5cc8b8;--hl:#ffb366}}")
# The movement picture loops gently between the two positions (6 s; each position is held,
# then fades into the other). Under prefers-reduced-motion it stands still: the start position
# faint behind the end position, as in a printed exercise sheet.
LOOP_STYLE = ("@keyframes ua{0%,35%{opacity:1}50%,85%{opacity:0}100%{opacity:1}}"
              "@keyframes ub{0%,35%{opacity:0}50%,85%{opacity:1}100%{opacity:0}}"
              ".ua{animation:ua 6s ease-in-out infinite}.ub{animation:ub 6s ease-in-out infinite}"
              "@media(prefers-reduced-motion:reduce){.ua{animation:none;opacity:.3}.ub{animation:none}}")

# Where the movement works, highlighted behind the body: "upper_back" (between the shoulder
# blades, the default), "chest", or None. make_illustrations.py sets it for each scene.
WORK_AREA = "upper_back"

# Body proportions, shared by every pose.
HEAD_R = 9.0
NECK = 4.0
TORSO = 40.0
UPPER_ARM = 24.0
FOREARM = 22.0
THIGH = 33.0
SHIN = 32.0
FOOT = 8.0
LIMB_W = 7.0
TORSO_W = 12.0
FAR_OPACITY = 0.45  # limbs on the far side of the body


def pt(x, y):
    return (float(x), float(y))


def add(p, q):
    return (p[0] + q[0], p[1] + q[1])


def sub(p, q):
    return (p[0] - q[0], p[1] - q[1])


def scale(p, k):
    return (p[0] * k, p[1] * k)


def polar(angle, length=1.0):
    r = math.radians(angle)
    return (math.cos(r) * length, math.sin(r) * length)


def along(p, angle, length):
    return add(p, polar(angle, length))


def angle_of(v):
    return math.degrees(math.atan2(v[1], v[0]))


def dist(p, q):
    return math.hypot(p[0] - q[0], p[1] - q[1])


def ik(root, target, l1, l2, bend):
    """Middle joint of a two-segment limb from `root` reaching toward `target`.
    bend=+1 puts the joint on the clockwise side of the root->target line (screen), -1 the other."""
    d = min(dist(root, target), l1 + l2 - 0.01)
    d = max(d, abs(l1 - l2) + 0.01)
    base = angle_of(sub(target, root))
    cos_a = (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)
    a = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    return along(root, base + bend * a, l1)


def f(v):
    """A compact number: one decimal at most."""
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def path_d(points):
    return "M" + " ".join(f"{f(x)} {f(y)}" for x, y in points)


class Svg:
    """Collects drawing elements; currentColor strokes by default."""

    def __init__(self):
        self.parts = []

    def line(self, points, width=LIMB_W, accent=False, opacity=None, extra=""):
        attrs = f'd="{path_d(points)}" stroke-width="{f(width)}"'
        if accent:
            attrs += f' style="stroke:{ACCENT}"'
        if opacity is not None:
            attrs += f' opacity="{opacity}"'
        self.parts.append(f"<path {attrs}{extra}/>")

    def quad(self, p0, c, p1, width, opacity=None):
        op = f' opacity="{opacity}"' if opacity is not None else ""
        self.parts.append(
            f'<path d="M{f(p0[0])} {f(p0[1])}Q{f(c[0])} {f(c[1])} {f(p1[0])} {f(p1[1])}" '
            f'stroke-width="{f(width)}"{op}/>')

    def circle(self, c, r, fill=True, accent=False, width=3, opacity=None):
        colour = ACCENT if accent else "currentColor"
        style = f"fill:{colour};stroke:none" if fill else f"stroke:{colour}"
        sw = "" if fill else f' stroke-width="{f(width)}"'
        op = f' opacity="{opacity}"' if opacity is not None else ""
        self.parts.append(f'<circle cx="{f(c[0])}" cy="{f(c[1])}" r="{f(r)}" style="{style}"{sw}{op}/>')

    def raw(self, text):
        self.parts.append(text)


def render(svg_parts, title, desc, name, style=""):
    body = "".join(svg_parts)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 180" role="img" '
        f'aria-labelledby="{name}-t" aria-describedby="{name}-d">'
        f'<title id="{name}-t">{escape(title)}</title><desc id="{name}-d">{escape(desc)}</desc>'
        f"<style>{STYLE}{style}</style>"
        '<g fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round">'
        f"{body}</g></svg>\n")


def render_loop(start_parts, end_parts, title, desc, name):
    """One picture that moves between the start and the end position. What both positions
    share (floor, furniture, an unmoved prop) is drawn once; the rest cross-fades."""
    end_set = set(end_parts)
    start_set = set(start_parts)
    shared = [p for p in start_parts if p in end_set]
    only_start = [p for p in start_parts if p not in end_set]
    only_end = [p for p in end_parts if p not in start_set]
    parts = shared + ['<g class="ua">'] + only_start + ['</g><g class="ub">'] + only_end + ["</g>"]
    return render(parts, title, desc, name, LOOP_STYLE)


def highlight(svg, centre, rx, ry, angle=0.0):
    """A soft patch of the highlight colour: where the movement works."""
    svg.raw(f'<ellipse cx="{f(centre[0])}" cy="{f(centre[1])}" rx="{f(rx)}" ry="{f(ry)}" '
            f'transform="rotate({f(angle)} {f(centre[0])} {f(centre[1])})" '
            f'style="fill:{HIGHLIGHT};stroke:none" opacity=".55"/>')


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Side:
    """A side-view pose. Set the hip, the torso angle (hip -> shoulders) and its bend, then
    the limbs either by angles (arm=(upper, fore)) or by a target point (hand=..., foot=...).

    bend > 0 rounds the back (bulges toward the back side), bend < 0 arches it."""

    def __init__(self, hip, torso=-90, bend=0.0, head=None, shrug=(0, 0)):
        self.hip = pt(*hip)
        self.torso = torso
        self.bend = bend
        self.head_angle = head  # direction neck -> head; default follows the spine's end
        self.shrug = shrug  # shift of the shoulder joint, in screen units (dx, dy)
        self.arms = {}
        self.legs = {}

    # Geometry of the trunk.
    def back_normal(self):
        r = math.radians(self.torso)
        return (math.sin(r), -math.cos(r))

    def shoulder(self):
        return add(self.spine_at(0.93)[0], self.shrug)

    def spine_at(self, t):
        """Point on the spine at t (0 hip, 1 neck) and the tangent angle there."""
        p0, c, p1 = self.hip, self.spine_control(), self.neck_base()
        u = 1 - t
        p = add(add(scale(p0, u * u), scale(c, 2 * u * t)), scale(p1, t * t))
        d = add(scale(sub(c, p0), 2 * u), scale(sub(p1, c), 2 * t))
        return p, angle_of(d)

    def back_point(self, t, gap=0.0):
        """Point on the surface of the back at t, plus `gap` further out."""
        p, a = self.spine_at(t)
        return along(p, a - 90, TORSO_W / 2 + gap)

    def front_point(self, t, gap=0.0):
        p, a = self.spine_at(t)
        return along(p, a + 90, TORSO_W / 2 + gap)

    def spine_control(self):
        mid = scale(add(self.hip, along(self.hip, self.torso, TORSO)), 0.5)
        return add(mid, scale(self.back_normal(), self.bend))

    def neck_base(self):
        return along(self.hip, self.torso, TORSO)

    def head_dir(self):
        if self.head_angle is not None:
            return self.head_angle
        return angle_of(sub(self.neck_base(), self.spine_control()))

    def head_centre(self):
        return along(self.neck_base(), self.head_dir(), NECK + HEAD_R)

    # Limbs: side is "near" or "far".
    def arm(self, side="both", angles=None, hand=None, elbow=1, points=None):
        """Pose an arm by angles, by a hand target (elbow=+1 bends it clockwise of the
        shoulder->hand line), or by explicit elbow and hand points (for a foreshortened arm)."""
        for s in (["near", "far"] if side == "both" else [side]):
            self.arms[s] = (angles, hand, elbow, points)
        return self

    def leg(self, side="both", angles=None, foot=None, knee=-1, foot_angle=None):
        for s in (["near", "far"] if side == "both" else [side]):
            self.legs[s] = (angles, foot, knee, foot_angle)
        return self

    def arm_points(self, side):
        angles, hand, elbow, points = self.arms.get(side, ((90, 90), None, 1, None))
        s = self.shoulder()
        if points is not None:
            return [s] + [pt(*p) for p in points]
        if hand is not None:
            e = ik(s, hand, UPPER_ARM, FOREARM, elbow)
            h = along(e, angle_of(sub(hand, e)), FOREARM)
        else:
            e = along(s, angles[0], UPPER_ARM)
            h = along(e, angles[1], FOREARM)
        return [s, e, h]

    def leg_points(self, side):
        angles, foot, knee, foot_angle = self.legs.get(side, ((90, 90), None, -1, None))
        if foot is not None:
            k = ik(self.hip, foot, THIGH, SHIN, knee)
            a = along(k, angle_of(sub(foot, k)), SHIN)
        else:
            k = along(self.hip, angles[0], THIGH)
            a = along(k, angles[1], SHIN)
        shin_angle = angle_of(sub(a, k))
        fa = foot_angle if foot_angle is not None else shin_angle - 90
        return [self.hip, k, a, along(a, fa, FOOT)]

    def draw(self, svg, in_front_of_arm=None):
        if WORK_AREA in ("upper_back", "chest"):
            t = 0.74
            p, a = self.spine_at(t)
            out = a - 90 if WORK_AREA == "upper_back" else a + 90
            highlight(svg, along(p, out, TORSO_W / 2), 10, 8, a)
        svg.line(self.leg_points("far"), opacity=FAR_OPACITY)
        svg.line(self.arm_points("far"), opacity=FAR_OPACITY)
        svg.line(self.leg_points("near"))
        svg.quad(self.hip, self.spine_control(), self.neck_base(), TORSO_W)
        c = self.head_centre()
        svg.line([self.neck_base(), along(self.neck_base(), self.head_dir(), NECK + 2)], width=7)
        svg.circle(c, HEAD_R)
        # A small nose shows which way the face points.
        front = self.head_dir() + 90
        nose = along(c, self.head_dir(), -2)
        svg.line([along(nose, front, HEAD_R - 2), along(nose, front, HEAD_R + 1.5)], width=4)
        if in_front_of_arm:
            in_front_of_arm(svg)
        svg.line(self.arm_points("near"))


class Front:
    """A front (or back) view: a symmetric figure with per-side arms and legs.
    'right' means the figure's right, drawn on the viewer's left in a front view."""

    SHOULDER_HALF = 13.0
    HIP_HALF = 7.0

    def __init__(self, hip, lean=0, head_tilt=0, thigh=THIGH, face=True):
        self.hip = pt(*hip)  # centre of the pelvis
        self.lean = lean  # degrees the trunk leans; positive leans to the viewer's right
        self.head_tilt = head_tilt  # degrees; positive tilts the head to the viewer's right
        self.thigh = thigh  # shorter when seated, since the thigh points at the viewer
        self.face = face
        self.arms = {}
        self.legs = {}
        self.shoulder_drop = {"left": 0.0, "right": 0.0}  # viewer's left / right

    def up(self):
        return -90 + self.lean

    def neck_base(self):
        return along(self.hip, self.up(), TORSO)

    def shoulder(self, side):
        sign = -1 if side == "left" else 1
        s = along(self.neck_base(), self.up() + 90, sign * self.SHOULDER_HALF)
        s = along(s, self.up(), 4)
        return add(s, (0, self.shoulder_drop[side]))

    def hip_joint(self, side):
        sign = -1 if side == "left" else 1
        return along(self.hip, self.up() + 90, sign * self.HIP_HALF)

    def arm(self, side, angles=None, hand=None, elbow=1):
        self.arms[side] = (angles, hand, elbow)
        return self

    def leg(self, side, angles=None, foot=None, knee=1):
        self.legs[side] = (angles, foot, knee)
        return self

    def arm_points(self, side):
        default = ((100, 95) if side == "right" else (80, 85), None, 1)
        angles, hand, elbow = self.arms.get(side, default)
        s = self.shoulder(side)
        if hand is not None:
            e = ik(s, hand, UPPER_ARM, FOREARM, elbow)
            h = along(e, angle_of(sub(hand, e)), FOREARM)
        else:
            e = along(s, angles[0], UPPER_ARM)
            h = along(e, angles[1], FOREARM)
        return [s, e, h]

    def leg_points(self, side):
        angles, foot, knee = self.legs.get(side, ((90, 90), None, 1))
        h = self.hip_joint(side)
        if foot is not None:
            k = ik(h, foot, self.thigh, SHIN, knee)
            a = along(k, angle_of(sub(foot, k)), SHIN)
        else:
            k = along(h, angles[0], self.thigh)
            a = along(k, angles[1], SHIN)
        out = 1 if side == "right" else -1
        return [h, k, a, add(a, (out * 6, 0))]

    def draw(self, svg, after_trunk=None):
        for side in ("left", "right"):
            svg.line(self.leg_points(side))
        # Trunk: a rounded shape from the pelvis to the shoulder line.
        ls, rs = self.shoulder("left"), self.shoulder("right")
        lh, rh = self.hip_joint("left"), self.hip_joint("right")
        svg.raw(f'<path d="{path_d([ls, rs, rh, lh])}Z" stroke-width="6" fill="currentColor" '
                'fill-opacity=".2"/>')
        neck = self.neck_base()
        head_dir = self.up() + self.head_tilt
        c = along(neck, head_dir, NECK + HEAD_R)
        svg.line([neck, along(neck, head_dir, NECK + 2)], width=7)
        svg.circle(c, HEAD_R)
        if WORK_AREA == "upper_back" and not self.face:
            highlight(svg, along(neck, self.up(), -15), 8, 11, self.lean)
        if after_trunk:
            after_trunk(svg)
        for side in ("left", "right"):
            svg.line(self.arm_points(side))
