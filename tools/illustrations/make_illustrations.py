#!/usr/bin/env python3
"""Writes content/illustrations/<id>-start.svg and <id>-end.svg for every technique, and
<id>--<variant>-start/end.svg for variants whose posture differs from the technique's.

Every figure is the one mannequin of figure.py, posed by joint angles or target points, so all
pictures share one body and one style. Run from anywhere:

    python3 tools/illustrations/make_illustrations.py            # (re)write every file
    python3 tools/illustrations/make_illustrations.py --only cat-camel

Standard library only. See docs/content-format.md, "Illustrations"."""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import figure  # noqa: E402
from figure import (GROUND, Front, Side, Svg, along, angle_of, highlight, render, render_loop, sub)  # noqa: E402
import props as P  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "content", "illustrations")

SCENES = {}  # file stem -> function returning (Svg, title, desc)

# Where each technique works when it is not between the shoulder blades (figure.WORK_AREA);
# None draws no highlight (advice, breathing, a scene that marks its own spot).
WORK_AREAS = {
    "chest-opener-doorway": "chest",
    "deep-breathing": None,
    "desk-setup": None,
    "neck-side-tilt": None,
    "otc-pain-relief": None,
    "see-a-professional": None,
    "side-of-back-release": None,
}


def scene(stem):
    def register(fn):
        SCENES[stem] = fn
        return fn
    return register


# ---------------------------------------------------------------- posing helpers

def standing(x, torso=-90, bend=0, head=None, shrug=(0, 0), hip_y=P.STAND_HIP_Y):
    fig = Side((x, hip_y), torso=torso, bend=bend, head=head, shrug=shrug)
    fig.leg("near", angles=(88, 92)).leg("far", angles=(92, 88))
    return fig


def seated(x, torso=-90, bend=0, head=None, shrug=(0, 0)):
    fig = Side((x, P.SEAT_HIP_Y), torso=torso, bend=bend, head=head, shrug=shrug)
    fig.leg("near", angles=(0, 90)).leg("far", angles=(-3, 93))
    return fig


def hands_on_thighs(fig):
    hip = fig.hip
    fig.arm("near", hand=(hip[0] + 24, hip[1] - 6)).arm("far", hand=(hip[0] + 20, hip[1] - 7))


def arms_crossed(fig):
    """Hands on the opposite shoulders: the forearms lie across the chest."""
    chest = fig.front_point(0.8, 1)
    fig.arm("both", hand=chest, elbow=1)


def lying_on_roller(fig, t, r=10):
    """Roller centre touching the back at spine position t (for a figure lying over it)."""
    return fig.back_point(t, 1.5 + r)


def fit_angle(make, target_y, angles):
    """The angle from `angles` whose figure's measured y is nearest target_y; make(a) -> (fig, y)."""
    best = min(angles, key=lambda a: abs(make(a)[1] - target_y))
    return make(best)[0], best


def frange(a, b, step):
    out, v = [], a
    while v <= b:
        out.append(v)
        v += step
    return out


def new(floor=True):
    svg = Svg()
    if floor:
        P.floor(svg)
    return svg


def mirrored(svg_inner_parts):
    return '<g transform="matrix(-1 0 0 1 240 0)">' + "".join(svg_inner_parts) + "</g>"


# ---------------------------------------------------------------- heat and cold

def seated_with_pack(kind, on_back):
    svg = new()
    P.chair(svg, 116)
    fig = seated(92)
    if on_back:
        hands_on_thighs(fig)
        fig.draw(svg)
        centre = fig.back_point(0.68, 4)
        P.pack(svg, centre, 90, length=16, width=7)
        if kind in ("warm", "both"):
            P.warmth(svg, along(centre, 180, 8), angle=180, height=14)
        if kind in ("cold", "both"):
            P.chill(svg, along(centre, 180, 16))
    else:
        fig.arm("near", hand=(130, 92)).arm("far", hand=(126, 90))
        fig.draw(svg)
        P.pack(svg, (136, 90), 90, length=16, width=7)
        if kind == "warm":
            P.warmth(svg, (136, 78), count=2, height=10)
        else:
            P.chill(svg, (149, 84))
    return svg


@scene("heat-pack-start")
def _():
    return (seated_with_pack("warm", False), "Getting a heat pack ready",
            "Sitting upright on a chair, holding a heat pack wrapped in a thin towel.")


@scene("heat-pack-end")
def _():
    return (seated_with_pack("warm", True), "Heat pack on the upper back",
            "Sitting upright and relaxed, the wrapped heat pack resting between the shoulder blades, "
            "hands on the thighs.")


def shower(svg):
    P.wall(svg, 22)
    svg.line([(22, 22), (48, 22), (56, 30)], width=3, opacity=P.FAINT)
    for i, x in enumerate((52, 60, 68)):
        svg.line([(x + 2 * i, 38 + 3 * i), (x + 8 + 2 * i, 60 + 3 * i)], width=2, accent=True,
                 extra=' stroke-dasharray="4 5"')


@scene("heat-pack--warm-shower-start")
def _():
    svg = new()
    shower(svg)
    fig = standing(98)
    fig.arm("both", angles=(95, 92))
    fig.draw(svg)
    return (svg, "Warm shower on the upper back",
            "Standing with the back to a warm shower so the water falls between the shoulder blades, "
            "arms hanging loose.")


@scene("heat-pack--warm-shower-end")
def _():
    svg = new()
    shower(svg)
    fig = standing(98, shrug=(-3, -4))
    fig.arm("both", angles=(97, 92))
    fig.draw(svg)
    s = fig.shoulder()
    P.curved_arrow(svg, along(s, -45, 14), along(s, -110, 22), along(s, 180, 14))
    return (svg, "Shoulder rolls under a warm shower",
            "Standing under the warm water, slowly rolling the shoulders up and backwards.")


@scene("cold-pack-start")
def _():
    return (seated_with_pack("cold", False), "Getting a cold pack ready",
            "Sitting upright on a chair, holding a cold pack wrapped in a thin damp cloth.")


@scene("cold-pack-end")
def _():
    return (seated_with_pack("cold", True), "Cold pack on the upper back",
            "Sitting upright, the wrapped cold pack resting on the sore spot between the shoulder "
            "blades, hands on the thighs.")


@scene("heat-cold-alternating-start")
def _():
    return (seated_with_pack("warm", True), "Warm spell",
            "Sitting upright with a wrapped warm pack between the shoulder blades, for about 3 minutes.")


@scene("heat-cold-alternating-end")
def _():
    return (seated_with_pack("cold", True), "Cold spell",
            "Sitting upright with a wrapped cold pack between the shoulder blades, for about 1 minute, "
            "before going back to warmth.")

# ---------------------------------------------------------------- mobility

@scene("shoulder-rolls-start")
def _():
    svg = new()
    P.chair(svg, 116)
    fig = seated(92)
    fig.arm("both", angles=(92, 90))
    fig.draw(svg)
    return (svg, "Sitting tall, arms loose",
            "Sitting tall on a chair, feet flat, arms hanging loosely by the sides.")


@scene("shoulder-rolls-end")
def _():
    svg = new()
    P.chair(svg, 116)
    fig = seated(92, shrug=(-2, -5))
    fig.arm("both", angles=(94, 90))
    fig.draw(svg)
    s = fig.shoulder()
    P.curved_arrow(svg, (s[0] - 4, s[1] - 16), (s[0] - 26, s[1] - 12), (s[0] - 18, s[1] + 8))
    return (svg, "Shoulders circling up and back",
            "Sitting tall, both shoulders lifted toward the ears and drawn backwards in a slow circle.")


def supine_on_roller(t, bend, hip_y, foot_x=196, hands="crossed", roller_gap=1.5):
    """Lying face up (head on the left) with the upper back on a roller sitting on the floor."""
    r = 10
    target = GROUND - r - 1.5

    def make(a):
        fig = Side((150, hip_y), torso=a, bend=bend)
        return fig, lying_on_roller(fig, t, r)[1]

    fig, _ = fit_angle(make, target, frange(180, 250, 0.5))
    fig.leg("both", foot=(foot_x, GROUND - 4), knee=-1, foot_angle=0)
    fig.leg("far", foot=(foot_x + 4, GROUND - 4), knee=-1, foot_angle=0)
    if hands == "crossed":
        arms_crossed(fig)
    return fig, lying_on_roller(fig, t, r)


@scene("foam-roller-thoracic-mobilization-start")
def _():
    svg = new()
    P.mat(svg, 40, 215)
    fig, c = supine_on_roller(0.62, 0, GROUND - 7)
    P.roller(svg, c)
    fig.draw(svg)
    return (svg, "Leaning back onto a foam roller",
            "Sitting on a mat with knees bent and feet flat, leaning back so a foam roller lies across "
            "the back at the lower tips of the shoulder blades, arms crossed over the chest.")


@scene("foam-roller-thoracic-mobilization-end")
def _():
    svg = new()
    P.mat(svg, 40, 215)
    fig, c = supine_on_roller(0.6, -15, GROUND - 7)
    fig.head_angle = 192
    P.roller(svg, c)
    fig.draw(svg)
    P.curved_arrow(svg, (96, 84), (76, 88), (66, 104))
    return (svg, "Upper back arched over the roller",
            "Hips on the floor, the upper back curving gently back over the foam roller, head "
            "supported, arms crossed over the chest.")


@scene("chair-thoracic-extension-start")
def _():
    svg = new()
    P.chair(svg, 116, back_height=30)
    fig = seated(92)
    arms_crossed(fig)
    fig.draw(svg)
    return (svg, "Sitting back against a chair",
            "Sitting on a firm chair, lower back against the backrest, whose top edge is just below the "
            "shoulder blades, arms crossed over the chest.")


@scene("chair-thoracic-extension-end")
def _():
    svg = new()
    P.chair(svg, 116, back_height=30)
    fig = seated(92, torso=-112, bend=-6, head=-125)
    arms_crossed(fig)
    fig.draw(svg)
    P.curved_arrow(svg, (112, 46), (96, 36), (80, 46))
    return (svg, "Leaning back over the chair back",
            "The upper back bends gently backwards over the top edge of the backrest while the hips "
            "stay still, arms crossed over the chest.")


def quadruped(bend, head):
    knee = (70, GROUND - 4)
    fig = Side((70, knee[1] - 33), torso=-18, bend=bend, head=head)
    fig.leg("both", foot=knee, knee=-1)
    fig.legs["near"] = ((90, 180), None, -1, 180)
    fig.legs["far"] = ((88, 182), None, -1, 180)
    s = fig.shoulder()
    fig.arm("near", hand=(s[0] + 1, GROUND - 4), elbow=-1)
    fig.arm("far", hand=(s[0] + 4, GROUND - 4), elbow=-1)
    return fig


@scene("cat-camel-start")
def _():
    svg = new()
    P.mat(svg, 20, 200)
    quadruped(9, 55).draw(svg)
    P.curved_arrow(svg, (70, 96), (88, 78), (110, 92))
    return (svg, "Back rounded up on hands and knees",
            "On hands and knees on a mat, hands under the shoulders and knees under the hips, the back "
            "rounded up toward the ceiling and the head dropped.")


@scene("cat-camel-end")
def _():
    svg = new()
    P.mat(svg, 20, 200)
    quadruped(-8, -10).draw(svg)
    P.curved_arrow(svg, (70, 92), (88, 106), (106, 96))
    return (svg, "Back gently arched on hands and knees",
            "On hands and knees, the back sinking into a gentle arch, chest lifted and eyes looking "
            "slightly forward.")


@scene("cat-camel--seated-start")
def _():
    svg = new()
    P.chair(svg, 116, back=False)
    fig = seated(92, torso=-80, bend=9, head=-20)
    hands_on_thighs(fig)
    fig.arm("both", hand=(126, 124))
    fig.draw(svg)
    return (svg, "Seated, back rounded",
            "Sitting toward the front of a chair, hands on the knees, the back rounded and the chin tucked.")


@scene("cat-camel--seated-end")
def _():
    svg = new()
    P.chair(svg, 116, back=False)
    fig = seated(92, torso=-92, bend=-6, head=-105)
    fig.arm("both", hand=(126, 124))
    fig.draw(svg)
    return (svg, "Seated, back gently arched",
            "Sitting toward the front of a chair, hands on the knees, chest lifted and shoulder blades "
            "drawn back, looking slightly up.")


def front_seated(x, lean=0, head_tilt=0, face=True):
    fig = Front((x, P.SEAT_HIP_Y), lean=lean, head_tilt=head_tilt, thigh=10, face=face)
    fig.leg("left", angles=(100, 92)).leg("right", angles=(80, 88))
    return fig


@scene("yoga-pilates-start")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120)
    fig.arm("left", angles=(100, 60)).arm("right", angles=(80, 120))
    fig.draw(svg)
    return (svg, "Sitting tall on a chair",
            "Seen from the front: sitting tall on the front half of a sturdy chair, feet flat and "
            "hip-width apart, hands resting on the thighs.")


@scene("yoga-pilates-end")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120, lean=-16, head_tilt=-4)
    hip = fig.hip_joint("right")
    fig.arm("left", angles=(96, 93)).arm("right", hand=(hip[0] + 4, hip[1] - 4), elbow=-1)
    fig.draw(svg)
    P.curved_arrow(svg, (136, 44), (118, 30), (98, 40))
    return (svg, "Seated side bend",
            "Seen from the front: leaning gently to one side, that hand sliding down toward the floor "
            "beside the chair.")


# ---------------------------------------------------------------- self-massage

@scene("foam-roll-upper-back-start")
def _():
    svg = new()
    fig, c = supine_on_roller(0.5, 0, GROUND - 7)
    P.roller(svg, c)
    fig.draw(svg)
    return (svg, "Lying back on a foam roller",
            "Knees bent and feet flat, hips on the floor, the foam roller across the back just below "
            "the shoulder blades, arms crossed over the chest.")


@scene("foam-roll-upper-back-end")
def _():
    svg = new()
    # The roller stops at the top of the shoulder blades: well below the neck (the card says
    # "keep the roller off your neck"), with the hips lifted a little.
    fig, c = supine_on_roller(0.68, 0, GROUND - 20, foot_x=192)
    P.roller(svg, c)
    fig.draw(svg)
    P.arrow(svg, [(c[0] + 40, c[1] - 34), (c[0] + 8, c[1] - 30)])
    return (svg, "Rolling up the upper back",
            "Pushing through the feet with the hips lifted a little, so the roller travels up to the top "
            "of the shoulder blades, arms still crossed.")


def against_wall(wall_x, gap, t, knee_drop, r, crossed="both", feet_x=None):
    """Standing with the back leaning on something of radius r (roller or ball) held on a wall."""
    hip_y = P.STAND_HIP_Y + knee_drop
    feet_x = feet_x or wall_x + 46
    centre_x = wall_x + 2 + r

    def make(hip_x):
        fig = Side((hip_x, hip_y), torso=-97)
        return fig, lying_on_roller(fig, t, r)[0]

    fig, _ = fit_angle(make, centre_x, frange(wall_x + 5, wall_x + 60, 0.5))
    fig.leg("near", foot=(feet_x, GROUND - 4), knee=-1, foot_angle=0)
    fig.leg("far", foot=(feet_x + 3, GROUND - 4), knee=-1, foot_angle=0)
    if crossed == "both":
        arms_crossed(fig)
    elif crossed == "near":
        arms_crossed(fig)
        fig.arm("far", angles=(100, 95))
    return fig, lying_on_roller(fig, t, r)


@scene("foam-roll-upper-back--wall-roll-start")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.55, 0, 10)
    P.roller(svg, c)
    fig.draw(svg)
    return (svg, "Leaning back on a roller against a wall",
            "Standing a step away from a wall, leaning back onto a foam roller held across the back just "
            "below the shoulder blades, arms crossed over the chest.")


@scene("foam-roll-upper-back--wall-roll-end")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.85, 14, 10)
    P.roller(svg, c)
    fig.draw(svg)
    P.arrow(svg, [(84, 100), (84, 120)])
    return (svg, "Knees bent, the roller higher on the back",
            "Bending the knees slowly so the roller travels up the upper back toward the top of the "
            "shoulder blades.")


@scene("massage-ball-wall-start")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.6, 0, 5.5, crossed="near")
    P.ball(svg, c)
    fig.draw(svg)
    return (svg, "Leaning back on a ball against a wall",
            "Standing with the back to a wall, a massage ball between the wall and the muscle beside "
            "the shoulder blade, that arm crossed over the chest.")


@scene("massage-ball-wall-end")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.85, 12, 5.5, crossed="near")
    P.ball(svg, c)
    fig.draw(svg)
    P.arrow(svg, [(84, 100), (84, 120)])
    return (svg, "Knees bent, the ball rolling along the shoulder blade",
            "Bending and straightening the knees slowly so the ball rolls up and down along the inner "
            "edge of the shoulder blade.")


def cane_scene(pull):
    svg = new()
    fig = standing(100)
    knob = fig.back_point(0.74, 3)
    s = fig.shoulder()
    low = (s[0] + 36, s[1] + 38 + pull)
    mid = (s[0] + 26, s[1] + 16 + pull * 0.5)
    fig.arm("near", hand=mid, elbow=1).arm("far", hand=low, elbow=1)
    fig.draw(svg)
    top = (s[0] + 3, s[1] - 8)
    svg.raw(f'<path d="M{knob[0]:.1f} {knob[1]:.1f}C{knob[0] - 12:.1f} {knob[1] - 26:.1f} '
            f'{top[0] - 4:.1f} {top[1] - 6:.1f} {top[0] + 6:.1f} {top[1]:.1f}L{low[0] + 4:.1f} {low[1] + 6:.1f}" '
            f'stroke-width="4" style="stroke:{P.ACCENT}"/>')
    P.ball(svg, knob, 4)
    return svg, fig, low


@scene("trigger-point-release-start")
def _():
    svg, fig, low = cane_scene(0)
    return (svg, "Hooking the cane over the shoulder",
            "Standing tall, holding a hooked massage cane with both hands, hooked over the shoulder so "
            "its knob rests on the tender spot beside the shoulder blade.")


@scene("trigger-point-release-end")
def _():
    svg, fig, low = cane_scene(6)
    P.arrow(svg, [(low[0] + 16, low[1] - 10), (low[0] + 16, low[1] + 12)])
    return (svg, "Holding steady pressure with the cane",
            "Pulling the front handle gently down and forward so the knob presses into the spot, and "
            "holding still for 30 seconds.")


@scene("trigger-point-release--tennis-ball-start")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.72, 0, 5.5, crossed="none", feet_x=78)
    fig.arm("both", angles=(100, 95))
    P.ball(svg, c)
    fig.draw(svg)
    return (svg, "Ball against the wall on the tender spot",
            "Standing with the back to a wall, a ball in a sock between the wall and the tender spot "
            "beside the shoulder blade.")


@scene("trigger-point-release--tennis-ball-end")
def _():
    svg = new()
    P.wall(svg, 40)
    fig, c = against_wall(40, 2, 0.72, 0, 5.5, crossed="none", feet_x=92)
    fig.arm("both", angles=(100, 95))
    P.ball(svg, c)
    fig.draw(svg)
    P.arrow(svg, [(96, 72), (76, 72)])
    return (svg, "Leaning back to hold the pressure",
            "Feet a little further from the wall, leaning back into the ball and holding still for "
            "30 seconds while breathing slowly.")


def side_of_back(kneading):
    svg = new()
    P.table(svg, 20, 70, 104)
    P.stool_front(svg, 120)
    fig = front_seated(120)
    armpit = fig.shoulder("left")
    # The fold at the back of the armpit sits just outside the trunk's edge.
    spot = (armpit[0] - 2, armpit[1] + 9) if not kneading else (armpit[0] + 6, armpit[1] + 10)
    fig.arm("left", hand=(64, 100), elbow=-1)
    fig.arm("right", hand=spot, elbow=-1)
    highlight(svg, spot, 10, 10)
    fig.draw(svg)
    grip_hand(svg, fig.arm_points("right"), kneading)
    return svg


def grip_hand(svg, arm, kneading):
    """A hand drawn big enough to read: a palm at the end of the forearm and, for a squeeze, a
    thumb and fingers closing on either side of the muscle fold; for kneading, fingertips with
    small circles of movement."""
    elbow, hand = arm[1], arm[2]
    a = angle_of(sub(hand, elbow))
    svg.circle(hand, 4.5)
    if not kneading:
        # Thumb above and fingers below close on the fold like a clothes peg, in the accent
        # colour so the grip stands out against the body; arrows show the squeeze.
        for side in (-1, 1):
            root = along(hand, a + side * 80, 3)
            bend = along(root, a + side * 35, 10)
            svg.line([root, bend, along(bend, a + 180 - side * 30, 7)], width=3.5, accent=True)

    else:
        tips = along(hand, a, 5)
        svg.line([along(hand, a, 3), tips], width=4)
        svg.raw(f'<circle cx="{tips[0]:.1f}" cy="{tips[1]:.1f}" r="6" stroke-width="2" '
                f'style="stroke:{P.ACCENT}" stroke-dasharray="3 3"/>')


@scene("side-of-back-release-start")
def _():
    return (side_of_back(False), "Squeezing the muscle at the back of the armpit",
            "Seen from the front: sitting tall, one hand resting on a table, the other hand reaching "
            "across to grip the thick fold of muscle at the back of that armpit.")


@scene("side-of-back-release-end")
def _():
    return (side_of_back(True), "Kneading below the collarbone",
            "Seen from the front: fingertips kneading the front of the shoulder and upper chest, just "
            "below the collarbone.")


def side_ball_wall(drop):
    """Front view, standing side-on to a wall on the viewer's left, a ball under the armpit."""
    svg = new()
    P.wall(svg, 70)
    hip_y = P.STAND_HIP_Y + drop
    ball_x = 72 + 5.5

    def make(x):
        fig = Front((x, hip_y), lean=-6, thigh=33 - drop)
        return fig, fig.shoulder("left")[0] - 3 - (ball_x + 5.5)

    fig, _ = fit_angle(make, 0, frange(80, 140, 0.5))
    ball = (ball_x, fig.shoulder("left")[1] + 12)
    for side, dx in (("left", -6), ("right", 6)):
        fig.leg(side, foot=(fig.hip_joint(side)[0] + dx + 4, GROUND - 4), knee=1 if dx > 0 else -1)
    chest = fig.shoulder("right")
    fig.arm("left", hand=(chest[0] - 2, chest[1] + 12), elbow=-1).arm("right", angles=(95, 90))
    P.ball(svg, ball)
    fig.draw(svg)
    return svg, ball


@scene("side-of-back-release--ball-on-wall-start")
def _():
    svg, ball = side_ball_wall(0)
    return (svg, "Ball between the wall and the side of the back",
            "Seen from the front: standing side-on to a wall, a ball held between the wall and the side "
            "of the back just below the armpit, leaning into it.")


@scene("side-of-back-release--ball-on-wall-end")
def _():
    svg, ball = side_ball_wall(12)
    P.arrow(svg, [(150, 96), (150, 118)])
    return (svg, "Knees bent to roll the ball along the ribs",
            "Seen from the front: bending the knees a little so the ball rolls slowly along the side of "
            "the ribs.")

# ---------------------------------------------------------------- strength

def prone(hip_x=84, head_lift=-8):
    """Lying face down (head on the right), forehead on a folded towel."""
    fig = Side((hip_x, GROUND - 6), torso=0, head=head_lift)
    fig.leg("near", angles=(180, 180), foot_angle=150).leg("far", angles=(181, 180), foot_angle=150)
    return fig


def towel_under_head(svg, fig):
    c = fig.head_centre()
    svg.line([(c[0] - 8, GROUND - 3), (c[0] + 10, GROUND - 3)], width=5, accent=True, opacity=0.6)


@scene("muscle-fatigue-contraction-start")
def _():
    svg = new()
    P.mat(svg, 10, 200)
    fig = prone()
    s = fig.shoulder()
    fig.arm("near", points=[(s[0] - 22, GROUND - 4), (s[0] - 44, GROUND - 4)])
    fig.arm("far", points=[(s[0] - 22, GROUND - 5), (s[0] - 44, GROUND - 5)])
    towel_under_head(svg, fig)
    fig.draw(svg)
    return (svg, "Lying face down, arms by the sides",
            "Lying face down on a mat, forehead on a folded towel, arms a little away from the sides "
            "with palms down.")


@scene("muscle-fatigue-contraction-end")
def _():
    svg = new()
    P.mat(svg, 10, 200)
    fig = prone()
    fig.arm("both", angles=(194, 190))
    towel_under_head(svg, fig)
    fig.draw(svg)
    h = fig.arm_points("near")[-1]
    P.arrow(svg, [(h[0] + 6, h[1] - 4), (h[0] + 6, h[1] - 22)])
    return (svg, "Shoulder blades drawn back, arms lifted",
            "Still face down with the forehead on the towel, shoulder blades drawn back and down and "
            "both arms lifted a few centimetres off the floor.")


def hinged_at_table(lift):
    svg = new()
    top = 112
    P.table(svg, 112, 200, top)
    fig = standing(74, torso=-24, head=-10)
    fig.hip = (74, P.STAND_HIP_Y)
    s = fig.shoulder()
    elbow = (s[0] + 4, top - 6 - lift)
    fig.arm("near", points=[elbow, (elbow[0] + 22, elbow[1] - lift * 0.3)])
    fig.arm("far", points=[(elbow[0] + 3, elbow[1]), (elbow[0] + 25, elbow[1])])
    fig.draw(svg)
    return svg, elbow


@scene("muscle-fatigue-contraction--hinged-standing-start")
def _():
    svg, _ = hinged_at_table(0)
    return (svg, "Leaning on a table from the hips",
            "Standing at a table, bent forward from the hips with a long straight back, forearms "
            "resting on the table top.")


@scene("muscle-fatigue-contraction--hinged-standing-end")
def _():
    svg, elbow = hinged_at_table(5)
    P.arrow(svg, [(elbow[0] + 34, elbow[1] - 4), (elbow[0] + 34, elbow[1] - 22)])
    return (svg, "Forearms lifted off the table",
            "Shoulder blades drawn back and down, both forearms lifted just off the table, neck long.")


def kneeling(torso=-16):
    knee = (64, GROUND - 4)
    fig = Side((64, knee[1] - 33), torso=torso, head=10)
    fig.legs["near"] = ((90, 180), None, -1, 180)
    fig.legs["far"] = ((91, 180), None, -1, 180)
    return fig


ROLLER_Y = GROUND - 11.5


def roller_slide(reach):
    """reach 0: forearms on the roller under the shoulders; 1: arms straight out in front."""
    svg = new()
    P.mat(svg, 14, 226)
    fig = kneeling(-16 if reach == 0 else -16 + 9 * reach)
    s = fig.shoulder()
    fore_y = ROLLER_Y - 10 - 1.5 - 3.5
    if reach == 0:
        elbow = (s[0] + 2, fore_y)
        hand = (elbow[0] + 22, fore_y)
        fig.arm("both", points=[elbow, hand])
        c = (elbow[0] + 12, ROLLER_Y)
    else:
        d = 46 * reach + 24 * (1 - reach)
        dy = fore_y - s[1]
        dx = (max(d * d - dy * dy, 0)) ** 0.5
        hand = (s[0] + dx, fore_y)
        fig.arm("far", hand=hand, elbow=1)
        lifted = (hand[0] - 1, hand[1] - 7)
        fig.arm("near", hand=lifted, elbow=1)
        c = (hand[0] - 10, ROLLER_Y)
    P.roller(svg, c)
    fig.draw(svg)
    return svg, fig, c


@scene("forearm-roller-slide-start")
def _():
    svg, fig, c = roller_slide(0)
    return (svg, "Kneeling, forearms on a foam roller",
            "Kneeling on a mat, back flat like a table top, forearms on a foam roller lying on the floor "
            "in front of the knees, thumbs up, eyes on the floor.")


@scene("forearm-roller-slide-end")
def _():
    svg, fig, c = roller_slide(1)
    P.arrow(svg, [(c[0] - 6, c[1] - 40), (c[0] + 22, c[1] - 40)])
    return (svg, "Roller rolled forward, one arm lifted",
            "Arms rolled forward on the roller until nearly straight, back and hips still, one forearm "
            "lifted a few centimetres off the roller.")


@scene("forearm-roller-slide--short-range-start")
def _():
    svg, fig, c = roller_slide(0)
    return (svg, "Kneeling, forearms on a foam roller",
            "Kneeling on a mat, back flat, forearms on a foam roller on the floor in front of the knees.")


@scene("forearm-roller-slide--short-range-end")
def _():
    svg, fig, c = roller_slide(0.45)
    P.arrow(svg, [(c[0] - 4, c[1] - 40), (c[0] + 18, c[1] - 40)])
    return (svg, "A short roll forward, one arm lifted",
            "The roller rolled forward only a short way, arms well below the ears, one forearm lifted a "
            "little off the roller.")


def wall_slide(up, roller=True):
    svg = new()
    wall_x = 176
    P.wall(svg, wall_x)
    fig = standing(128 if roller else 146)
    s = fig.shoulder()
    r = 10 if roller else 0
    fore_x = wall_x - 2 - (2 * r + 1.5 if roller else 0) - 3.5
    if not up:
        elbow = (fore_x, s[1] + 22)
        hand = (fore_x, elbow[1] - 22)
        fig.arm("both", points=[elbow, hand])
        c = (fore_x + 3.5 + 1.5 + r, elbow[1] - 11)
        lift = None
    else:
        dx = fore_x - s[0]
        top_y = s[1] - (max(46 ** 2 - dx * dx, 0)) ** 0.5
        fig.arm("far", hand=(fore_x, top_y), elbow=-1)
        fig.arm("near", hand=(fore_x - 6, top_y + 2), elbow=-1)
        c = (fore_x + 3.5 + 1.5 + r, top_y + 12)
        lift = (fore_x - 6, top_y + 2)
    if roller:
        P.roller(svg, c)
    else:
        svg.line([(wall_x - 3, c[1] - 10), (wall_x - 3, c[1] + 12)], width=4, accent=True)
    fig.draw(svg)
    return svg, c


@scene("forearm-roller-slide--wall-start")
def _():
    svg, c = wall_slide(False)
    return (svg, "Forearms on a roller against a wall",
            "Standing tall facing a wall, a foam roller held level against it at chest height by both "
            "forearms, palms facing each other.")


@scene("forearm-roller-slide--wall-end")
def _():
    svg, c = wall_slide(True)
    P.arrow(svg, [(c[0] + 16, c[1] + 40), (c[0] + 16, c[1] + 6)])
    return (svg, "Roller rolled up the wall, one arm lifted",
            "The roller rolled up the wall as far as is comfortable without shrugging, one forearm "
            "lifted a little off it.")


@scene("forearm-roller-slide--wall-towel-start")
def _():
    svg, c = wall_slide(False, roller=False)
    return (svg, "Forearms on a towel against a wall",
            "Standing tall facing a wall, a short step away, both forearms resting on a small towel on "
            "the wall at chest height.")


@scene("forearm-roller-slide--wall-towel-end")
def _():
    svg, c = wall_slide(True, roller=False)
    P.arrow(svg, [(c[0] + 14, c[1] + 40), (c[0] + 14, c[1] + 6)])
    return (svg, "Forearms slid up the wall, one arm lifted",
            "Forearms slid up the wall as far as is comfortable, one forearm lifted a little off the wall.")


@scene("forearm-roller-slide--floor-start")
def _():
    svg = new()
    P.mat(svg, 10, 226)
    fig = prone(hip_x=80)
    s = fig.shoulder()
    fig.arm("both", points=[(s[0] + 8, GROUND - 4), (s[0] + 30, GROUND - 4)])
    towel_under_head(svg, fig)
    fig.draw(svg)
    return (svg, "Face down, forearms beside the head",
            "Lying face down on a mat, forehead on a folded towel, forearms on the floor beside the head "
            "on their little-finger side.")


@scene("forearm-roller-slide--floor-end")
def _():
    svg = new()
    P.mat(svg, 10, 226)
    fig = prone(hip_x=80)
    s = fig.shoulder()
    fig.arm("far", points=[(s[0] + 24, GROUND - 4), (s[0] + 46, GROUND - 4)])
    fig.arm("near", points=[(s[0] + 24, GROUND - 6), (s[0] + 46, GROUND - 11)])
    towel_under_head(svg, fig)
    fig.draw(svg)
    P.arrow(svg, [(s[0] + 46, GROUND - 20), (s[0] + 46, GROUND - 38)])
    return (svg, "Arms slid forward, one arm lifted",
            "Face down with the forehead on the towel, arms slid forward along the floor until straight, "
            "one arm lifted a few centimetres.")


def band_row(pull):
    svg = new()
    post = 214
    svg.line([(post, GROUND), (post, 40)], width=5, opacity=P.FAINT)
    fig = standing(84)
    fig.leg("near", angles=(84, 94)).leg("far", angles=(96, 86))
    s = fig.shoulder()
    hand = (s[0] + 44, s[1] + 10) if not pull else (s[0] + 10, s[1] + 30)
    fig.arm("both", hand=hand, elbow=1)
    anchor = (post - 3, s[1] + 10)
    svg.line([anchor, hand], width=3, accent=True)
    fig.draw(svg)
    return svg, fig


@scene("band-row-start")
def _():
    svg, fig = band_row(False)
    return (svg, "Holding a band, arms straight",
            "Standing tall, feet hip-width apart, holding a resistance band anchored at chest height, "
            "arms straight out in front and the band slightly tight.")


@scene("band-row-end")
def _():
    svg, fig = band_row(True)
    e = fig.arm_points("near")[1]
    P.arrow(svg, [(e[0] + 6, e[1] + 16), (e[0] - 18, e[1] + 16)])
    return (svg, "Elbows pulled back",
            "Elbows pulled back close to the sides and shoulder blades squeezed together, wrists straight.")


def dumbbell(svg, hand):
    x, y = hand
    svg.line([(x - 7, y), (x + 7, y)], width=3, accent=True)
    svg.line([(x - 7, y - 4), (x - 7, y + 4)], width=6, accent=True)
    svg.line([(x + 7, y - 4), (x + 7, y + 4)], width=6, accent=True)


def one_arm_row(pull, on_chair):
    svg = new()
    if on_chair:
        P.chair(svg, 142, faces=-1)
    fig = Side((70, P.STAND_HIP_Y + 2), torso=-14, head=-4)
    s = fig.shoulder()
    if on_chair:
        fig.leg("near", foot=(52, GROUND - 4), knee=-1, foot_angle=0)
        fig.leg("far", foot=(84, GROUND - 4), knee=-1)
        fig.arm("far", hand=(s[0] + 34, P.SEAT_TOP - 4), elbow=1)
    else:
        fig.hip = (80, P.STAND_HIP_Y + 16)
        s = fig.shoulder()
        fig.leg("near", foot=(44, GROUND - 4), knee=-1, foot_angle=0)
        fig.leg("far", foot=(124, GROUND - 4), knee=-1)
        knee = fig.leg_points("far")[1]
        fig.arm("far", points=[(knee[0] - 10, knee[1] - 7), (knee[0] + 10, knee[1] - 8)])
    hand = (s[0], s[1] + 44) if not pull else (s[0] - 12, s[1] + 14)
    fig.arm("near", hand=hand, elbow=1)
    fig.draw(svg, in_front_of_arm=None)
    dumbbell(svg, fig.arm_points("near")[-1])
    return svg, fig


@scene("band-row--dumbbell-start")
def _():
    svg, fig = one_arm_row(False, True)
    return (svg, "Leaning on a chair, dumbbell hanging",
            "Bent forward from the hips with a flat back, one hand on a chair seat, the other arm "
            "hanging straight down holding a light dumbbell.")


@scene("band-row--dumbbell-end")
def _():
    svg, fig = one_arm_row(True, True)
    h = fig.arm_points("near")[-1]
    P.arrow(svg, [(h[0] + 22, h[1] + 24), (h[0] + 22, h[1] + 2)])
    return (svg, "Dumbbell pulled to the ribs",
            "The dumbbell pulled up toward the lower ribs, elbow close to the body, shoulder blade "
            "drawn in toward the spine.")


@scene("band-row--dumbbell-thigh-start")
def _():
    svg, fig = one_arm_row(False, False)
    return (svg, "Lunge stance, forearm on the thigh",
            "In a short lunge stance, bent forward from the hips, one forearm resting on the front "
            "thigh and the other arm hanging down with a light dumbbell.")


@scene("band-row--dumbbell-thigh-end")
def _():
    svg, fig = one_arm_row(True, False)
    h = fig.arm_points("near")[-1]
    P.arrow(svg, [(h[0] - 14, h[1] + 24), (h[0] - 14, h[1] + 2)])
    return (svg, "Dumbbell pulled to the ribs",
            "The dumbbell pulled up toward the lower ribs, elbow close to the body.")


def doorway_row(lean):
    svg = new()
    jamb = 178
    P.door_jamb(svg, jamb)
    ankle = (154, GROUND - 4)
    body = -90 - lean
    hip = along(ankle, body, 65)
    fig = Side(hip, torso=body)
    fig.leg("both", foot=ankle, knee=-1)
    s = fig.shoulder()
    hand = (jamb - 6, s[1] + 14)
    fig.arm("near", hand=hand, elbow=1).arm("far", hand=(hand[0], hand[1] - 6), elbow=1)
    fig.draw(svg)
    return svg, fig


@scene("band-row--doorway-row-start")
def _():
    svg, fig = doorway_row(22)
    return (svg, "Leaning back from a door frame",
            "Toes close to a solid door frame, both hands gripping its edge at chest height, leaning "
            "back with straight arms and the body straight from heels to head.")


@scene("band-row--doorway-row-end")
def _():
    svg, fig = doorway_row(9)
    h = fig.hip
    P.arrow(svg, [(h[0] - 34, h[1]), (h[0] - 12, h[1])])
    return (svg, "Chest pulled toward the frame",
            "Shoulder blades squeezed, elbows close to the sides, the chest pulled toward the door frame.")


def elbow_press(pressed):
    svg = new()
    wall_x = 60
    P.wall(svg, wall_x)
    fig = standing(wall_x + 9, torso=-90)
    fig.leg("near", foot=(wall_x + 22, GROUND - 4), knee=-1)
    fig.leg("far", foot=(wall_x + 25, GROUND - 4), knee=-1)
    s = fig.shoulder()
    elbow = (wall_x + 6, s[1] + 23) if pressed else (s[0] + 5, s[1] + 24)
    fig.arm("both", points=[elbow, (elbow[0] + 22, elbow[1])])
    fig.draw(svg)
    return svg, elbow


@scene("band-row--wall-elbow-press-start")
def _():
    svg, elbow = elbow_press(False)
    return (svg, "Back to the wall, elbows bent",
            "Standing with the back against a wall, knees soft, elbows bent to a right angle with the "
            "upper arms by the sides.")


@scene("band-row--wall-elbow-press-end")
def _():
    svg, elbow = elbow_press(True)
    P.arrow(svg, [(elbow[0] + 34, elbow[1] + 12), (elbow[0] + 10, elbow[1] + 12)])
    return (svg, "Elbows pressed back into the wall",
            "Pressing the elbows back into the wall, shoulder blades drawn together and down, held for "
            "5 seconds.")


def blades(svg, fig, gap):
    """Back view: the two shoulder blades as short accent strokes either side of the spine."""
    n = fig.neck_base()
    for sign in (-1, 1):
        x = n[0] + sign * gap
        svg.line([(x + sign * 4, n[1] + 8), (x, n[1] + 12), (x + sign * 1, n[1] + 22)], width=3, accent=True)


@scene("shoulder-blade-squeeze-start")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120, face=False)
    fig.arm("left", angles=(98, 92)).arm("right", angles=(82, 88))
    fig.draw(svg, after_trunk=lambda s: blades(s, fig, 10))
    return (svg, "Sitting tall, seen from behind",
            "Seen from behind: sitting tall near the front of a chair, arms hanging by the sides, "
            "shoulder blades relaxed.")


@scene("shoulder-blade-squeeze-end")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120, face=False)
    fig.shoulder_drop = {"left": 2.0, "right": 2.0}
    fig.arm("left", angles=(100, 92)).arm("right", angles=(80, 88))
    fig.draw(svg, after_trunk=lambda s: blades(s, fig, 5))
    n = fig.neck_base()
    P.arrow(svg, [(n[0] - 40, n[1] + 14), (n[0] - 22, n[1] + 14)])
    P.arrow(svg, [(n[0] + 40, n[1] + 14), (n[0] + 22, n[1] + 14)])
    return (svg, "Shoulder blades drawn together",
            "Seen from behind: shoulder blades drawn gently back, down and toward each other, shoulders "
            "low, held for 5 seconds.")


# ---------------------------------------------------------------- stretches

@scene("neck-side-tilt-start")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120)
    fig.arm("left", angles=(97, 92)).arm("right", angles=(83, 88))
    fig.draw(svg)
    return (svg, "Sitting tall, head upright",
            "Seen from the front: sitting tall on a chair, feet flat, arms hanging by the sides, head "
            "upright.")


@scene("neck-side-tilt-end")
def _():
    svg = new()
    P.stool_front(svg, 120)
    fig = front_seated(120, head_tilt=26)
    fig.shoulder_drop = {"left": 3.0, "right": 0.0}
    fig.arm("left", hand=(100, P.SEAT_TOP - 1), elbow=-1).arm("right", angles=(83, 88))
    fig.draw(svg)
    n = fig.neck_base()
    P.curved_arrow(svg, (n[0] - 4, n[1] - 34), (n[0] + 16, n[1] - 36), (n[0] + 26, n[1] - 20))
    return (svg, "Head tilted to the side",
            "Seen from the front: one shoulder sinking, that hand holding the chair seat, the head tipped "
            "so the other ear moves toward the other shoulder, nose pointing ahead.")


@scene("overhead-reach-start")
def _():
    svg = new()
    fig = standing(110)
    fig.arm("both", angles=(92, 90))
    fig.draw(svg)
    return (svg, "Standing tall, arms down",
            "Standing with feet hip-width apart and knees soft, arms by the sides.")


@scene("overhead-reach-end")
def _():
    svg = new()
    fig = standing(110)
    fig.arm("near", angles=(-84, -86)).arm("far", angles=(-82, -84))
    fig.draw(svg)
    P.arrow(svg, [(140, 50), (140, 20)])
    return (svg, "Arms reaching overhead",
            "Arms raised in front and up above the head, reaching tall toward the ceiling, ribs down.")


def doorway_chest(forward, low):
    svg = new()
    jamb = 112
    fig = standing(96 + forward, torso=-90 + forward * 0.5)
    fig.leg("near", foot=(fig.hip[0] + 16, GROUND - 4), knee=-1)
    fig.leg("far", foot=(fig.hip[0] - 18, GROUND - 4), knee=-1, foot_angle=10)
    s = fig.shoulder()
    if low:
        hand = (jamb - 6, P.STAND_HIP_Y - 4)
        fig.arm("both", hand=hand, elbow=-1 if forward else 1)
    else:
        elbow = (jamb - 6, s[1] + 1)
        fig.arm("both", points=[elbow, (elbow[0], elbow[1] - 22)])
    # The jamb stands in front of the far arm and behind the near one.
    fig.draw(svg, in_front_of_arm=lambda s: P.door_jamb(s, jamb))
    return svg, fig


@scene("chest-opener-doorway-start")
def _():
    svg, fig = doorway_chest(0, False)
    return (svg, "Forearms on a door frame",
            "Standing in an open doorway, one foot in front of the other, arms out like a goalpost with "
            "the forearms on the frame and the elbows level with the shoulders.")


@scene("chest-opener-doorway-end")
def _():
    svg, fig = doorway_chest(18, False)
    s = fig.shoulder()
    P.arrow(svg, [(s[0] + 12, s[1] + 30), (s[0] + 32, s[1] + 30)])
    return (svg, "Leaning through the doorway",
            "Weight shifted onto the front foot so the chest moves through the doorway while the "
            "forearms stay on the frame, chin gently tucked.")


@scene("chest-opener-doorway--low-arms-start")
def _():
    svg, fig = doorway_chest(0, True)
    return (svg, "Palms on a door frame at waist height",
            "Standing in an open doorway, one foot in front of the other, palms on the frame at about "
            "waist height with the arms nearly straight.")


@scene("chest-opener-doorway--low-arms-end")
def _():
    svg, fig = doorway_chest(16, True)
    s = fig.shoulder()
    P.arrow(svg, [(s[0] + 12, s[1] - 6), (s[0] + 32, s[1] - 6)])
    return (svg, "Leaning forward through the doorway",
            "Leaning the body forward through the doorway with the palms still on the frame, chest "
            "lifted and shoulders down.")

# ---------------------------------------------------------------- care and education

def massage_table(svg):
    top = 104
    svg.line([(14, top), (176, top)], width=5, opacity=P.FAINT)
    svg.line([(24, top), (24, GROUND)], width=3, opacity=P.FAINT)
    svg.line([(166, top), (166, GROUND)], width=3, opacity=P.FAINT)
    return top


def client_on_table(top):
    fig = Side((84, top - 8.5), torso=0, head=-4)
    fig.leg("near", angles=(180, 180), foot_angle=150).leg("far", angles=(181, 180), foot_angle=150)
    s = fig.shoulder()
    fig.arm("both", points=[(s[0] - 22, top - 5), (s[0] - 42, top - 5)])
    return fig


@scene("professional-massage-start")
def _():
    svg = new()
    top = massage_table(svg)
    client_on_table(top).draw(svg)
    return (svg, "Lying on a massage table",
            "Lying face down and relaxed on a massage table, ready for a trained therapist.")


@scene("professional-massage-end")
def _():
    svg = new()
    top = massage_table(svg)
    client = client_on_table(top)
    target = client.back_point(0.8, 1)
    # The therapist stands past the client's head, facing back toward them (drawn mirrored).
    t = Svg()
    therapist = standing(240 - 204, torso=-62, head=-30)
    mx = 240 - target[0]
    therapist.arm("both", hand=(mx, target[1] - 2), elbow=1)
    therapist.draw(t)
    client.draw(svg)
    svg.raw(mirrored(t.parts))
    return (svg, "A therapist working on the upper back",
            "Lying face down on a massage table while a therapist standing at the head end works on the "
            "muscles of the upper back with the hands.")


def little_box(svg, centre):
    x, y = centre
    svg.raw(f'<rect x="{x - 5:.1f}" y="{y - 7:.1f}" width="10" height="14" rx="2" stroke-width="2.5" '
            f'style="stroke:{P.ACCENT}"/>')


@scene("otc-pain-relief-start")
def _():
    svg = new()
    P.chair(svg, 104)
    fig = seated(80, head=-60)
    box = (124, 74)
    fig.arm("both", hand=(box[0] - 4, box[1] + 4), elbow=1)
    fig.draw(svg)
    little_box(svg, box)
    return (svg, "Reading the label of a painkiller pack",
            "Sitting on a chair, holding a pack of painkillers from the pharmacy and reading its label.")


@scene("otc-pain-relief-end")
def _():
    svg = new()
    counter = 104
    svg.line([(110, counter), (150, counter)], width=5, opacity=P.FAINT)
    svg.line([(112, counter), (112, GROUND)], width=3, opacity=P.FAINT)
    svg.line([(148, counter), (148, GROUND)], width=3, opacity=P.FAINT)
    person = standing(80)
    person.arm("near", hand=(108, counter - 6)).arm("far", angles=(95, 90))
    person.draw(svg)
    little_box(svg, (120, counter - 9))
    t = Svg()
    pharmacist = standing(240 - 178)
    pharmacist.arm("both", hand=(240 - 152, counter - 8))
    pharmacist.draw(t)
    svg.raw(mirrored(t.parts))
    return (svg, "Asking a pharmacist",
            "Standing at a pharmacy counter with a pack of painkillers, asking the pharmacist whether "
            "it is safe to take.")


def desk(svg, x0, x1, top=108):
    svg.line([(x0, top), (x1, top)], width=4, opacity=P.FAINT)
    svg.line([(x1 - 4, top), (x1 - 4, GROUND)], width=3, opacity=P.FAINT)
    return top


@scene("see-a-professional-start")
def _():
    svg = new()
    P.chair(svg, 94)
    top = desk(svg, 104, 170)
    fig = seated(70, torso=-80, head=-40)
    fig.arm("both", hand=(118, top - 5), elbow=1)
    fig.draw(svg)
    svg.line([(116, top - 3), (140, top - 3)], width=3, accent=True)
    svg.line([(124, top - 6), (132, top - 18)], width=2.5, accent=True)
    return (svg, "Writing notes before a visit",
            "Sitting at a table writing down when the pain started, what makes it better or worse, "
            "what has been tried, and pain scores.")


@scene("see-a-professional-end")
def _():
    svg = new()
    P.chair(svg, 76)
    patient = seated(52, torso=-88)
    hands_on_thighs(patient)
    patient.draw(svg)
    t = Svg()
    P.chair(t, 76)
    doctor = seated(52, torso=-86)
    hands_on_thighs(doctor)
    doctor.draw(t)
    svg.raw(mirrored(t.parts))
    svg.raw(f'<path d="M104 30h32a5 5 0 0 1 5 5v12a5 5 0 0 1-5 5h-14l-7 7v-7h-11a5 5 0 0 1-5-5v-12a5 5 0 0 1 5-5z" '
            f'stroke-width="2.5" style="stroke:{P.ACCENT}"/>')
    return (svg, "Talking to a GP or physiotherapist",
            "Sitting across from a doctor or physiotherapist and talking through the notes about the pain.")


# ---------------------------------------------------------------- habits

def screen(svg, x, bottom, height=26):
    svg.line([(x, bottom), (x, bottom - height)], width=5, opacity=0.6)
    svg.line([(x - 6, bottom + 2), (x + 2, bottom + 2)], width=3, opacity=0.6)


@scene("posture-reset-start")
def _():
    svg = new()
    P.chair(svg, 96)
    top = desk(svg, 112, 210)
    screen(svg, 186, top - 3)
    fig = seated(70, torso=-66, bend=9, head=-30)
    fig.arm("both", hand=(134, top - 5), elbow=1)
    fig.draw(svg)
    return (svg, "Slumped at the desk",
            "Sitting at a desk after a long spell of typing: back rounded, head pushed forward toward "
            "the screen.")


@scene("posture-reset-end")
def _():
    svg = new()
    P.chair(svg, 96)
    top = desk(svg, 112, 210)
    screen(svg, 186, top - 3)
    fig = seated(70, torso=-90, head=-92)
    hands_on_thighs(fig)
    fig.draw(svg)
    n = fig.head_centre()
    P.arrow(svg, [(n[0] - 20, n[1] + 30), (n[0] - 20, n[1] - 4)])
    return (svg, "Sitting tall, shoulders back and down",
            "Hands resting in the lap, hips back against the chair, sitting tall with the chin slightly "
            "tucked and the shoulders settled back and down.")


@scene("desk-setup-start")
def _():
    svg = new()
    P.chair(svg, 96)
    top = desk(svg, 112, 210)
    svg.line([(140, top - 3), (160, top - 3), (170, top - 20)], width=4, opacity=0.6)
    fig = seated(70, torso=-68, bend=8, head=10)
    fig.arm("both", hand=(142, top - 6), elbow=1)
    fig.draw(svg)
    return (svg, "Hunched over a low laptop",
            "Sitting at a desk with a laptop flat on it, head bent down and shoulders rounded forward.")


@scene("desk-setup-end")
def _():
    svg = new()
    P.chair(svg, 96)
    top = desk(svg, 112, 210)
    svg.line([(172, top), (172, top - 24)], width=4, opacity=0.6)
    screen(svg, 174, top - 24, height=30)
    fig = seated(70, torso=-90, head=-90)
    s = fig.shoulder()
    fig.arm("both", points=[(s[0] + 2, top - 6), (s[0] + 24, top - 6)])
    fig.draw(svg)
    svg.line([(s[0] + 20, top - 3), (s[0] + 40, top - 3)], width=3, accent=True)
    eye = fig.head_centre()
    svg.line([(eye[0] + 14, eye[1]), (168, eye[1])], width=2, accent=True, extra=' stroke-dasharray="3 4"')
    return (svg, "Screen at eye level, elbows by the sides",
            "Screen raised to about eye level and an arm's length away, separate keyboard close by, "
            "elbows near the sides and feet flat.")


def breathing(inhale):
    svg = new()
    P.chair(svg, 116, back_height=48)
    fig = seated(92, shrug=(0, 0 if inhale else 2))
    fig.arm("near", hand=fig.front_point(0.3, 1), elbow=1)
    fig.arm("far", hand=fig.front_point(0.75, 1), elbow=1)
    fig.draw(svg)
    belly = fig.front_point(0.3, 14)
    if inhale:
        P.arrow(svg, [belly, (belly[0] + 18, belly[1])])
    else:
        P.arrow(svg, [(belly[0] + 18, belly[1]), belly])
    return svg, fig


@scene("deep-breathing-start")
def _():
    svg, fig = breathing(True)
    return (svg, "Breathing in, belly rising",
            "Sitting with the back supported and feet on the floor, one hand on the chest and one on the "
            "belly, breathing in slowly through the nose so the belly pushes the hand out.")


@scene("deep-breathing-end")
def _():
    svg, fig = breathing(False)
    s = fig.shoulder()
    P.arrow(svg, [(s[0] - 16, s[1] - 14), (s[0] - 16, s[1] + 4)])
    return (svg, "Breathing out, shoulders sinking",
            "Breathing out slowly, the belly falling back and the shoulders sinking a little lower.")


@scene("relaxation-start")
def _():
    svg = new()
    P.chair(svg, 116, back_height=62)
    fig = seated(92, shrug=(0, -6))
    fig.arm("both", hand=(112, 92), elbow=1)
    fig.draw(svg)
    h = fig.arm_points("near")[-1]
    svg.circle(h, 5)
    s = fig.shoulder()
    P.arrow(svg, [(s[0] - 18, s[1] + 8), (s[0] - 18, s[1] - 10)])
    return (svg, "Tensing: fists made, shoulders lifted",
            "Sitting in a supportive chair, gently tensing: hands in fists and shoulders lifted toward "
            "the ears, at about half effort.")


@scene("relaxation-end")
def _():
    svg = new()
    P.chair(svg, 116, back_height=62)
    fig = seated(92, torso=-96, head=-100)
    hands_on_thighs(fig)
    fig.draw(svg)
    s = fig.shoulder()
    P.arrow(svg, [(s[0] - 18, s[1] - 12), (s[0] - 18, s[1] + 6)])
    return (svg, "Letting go",
            "Leaning back into the chair with the head supported, hands loose on the thighs and the "
            "shoulders dropped, letting every muscle soften.")


# ---------------------------------------------------------------- output

def technique_ids():
    """Technique and variant ids, read from the YAML with a pattern (no YAML parser needed)."""
    ids = []
    folder = os.path.join(ROOT, "content", "techniques")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as text:
            for line in text:
                m = re.match(r"^  - id: ([a-z0-9-]+)\s*$", line)
                if m:
                    ids.append(m.group(1))
    return ids


def write(folder, stem, text):
    with open(os.path.join(folder, stem + ".svg"), "w", encoding="utf-8") as out:
        out.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="write only the files whose name starts with this")
    parser.add_argument("--out", default=OUT, help="output folder (default content/illustrations)")
    args = parser.parse_args()
    missing = [f"{i}-{end}" for i in technique_ids() for end in ("start", "end")
               if f"{i}-{end}" not in SCENES]
    if missing and not args.only:
        sys.exit("no scene for: " + ", ".join(missing))
    os.makedirs(args.out, exist_ok=True)
    written = 0
    drawn = {}  # stem -> (parts, title, desc)
    for stem, make in sorted(SCENES.items()):
        if args.only and not stem.startswith(args.only):
            continue
        technique = re.sub(r"(--[a-z0-9-]+)?-(start|end)$", "", stem)
        figure.WORK_AREA = WORK_AREAS.get(technique, "upper_back")
        svg, title, desc = make()
        drawn[stem] = (svg.parts, title, desc)
        write(args.out, stem, render(svg.parts, title, desc, stem))
        written += 1
    # The moving picture of each start/end pair.
    for stem in sorted(drawn):
        if not stem.endswith("-start") or stem[:-6] + "-end" not in drawn:
            continue
        base = stem[:-6]
        start, end = drawn[stem], drawn[base + "-end"]
        title = f"{start[1]}, then {end[1][0].lower()}{end[1][1:]}"
        desc = f"Moving slowly between two positions. First: {start[2]} Then: {end[2]}"
        write(args.out, base + "-move", render_loop(start[0], end[0], title, desc, base + "-move"))
        written += 1
    print(f"wrote {written} illustrations to {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
