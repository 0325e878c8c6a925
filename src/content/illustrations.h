// Start and end pictures of each technique: content/illustrations/<id>-start.svg and -end.svg,
// plus <id>--<variant>-start/-end.svg where a variant's posture differs; and for each pair a
// moving picture, -move.svg, that loops gently between the two (still under reduced motion). The files are drawn by
// tools/illustrations/make_illustrations.py and embedded at build time; see docs/content-format.md.
#pragma once

#include <string>
#include <string_view>

namespace unknot::content {

enum class Pose { start, end, move };

// The file name ending of a pose: "-start.svg", "-end.svg", "-move.svg".
std::string_view pose_suffix(Pose pose);

// Embedded path of one picture, e.g. "content/illustrations/cat-camel--seated-start.svg".
// An empty `variant_id` names the technique's own picture.
std::string illustration_path(std::string_view technique_id, std::string_view variant_id, Pose pose);

// The SVG text for a technique or one of its variants. A variant without pictures of its own
// falls back to the technique's. Empty when there is no picture at all.
std::string_view illustration_svg(std::string_view technique_id, std::string_view variant_id, Pose pose);

}  // namespace unknot::content
