#include "content/illustrations.h"

#include "content/embedded.h"

namespace unknot::content {

std::string_view pose_suffix(Pose pose) {
  switch (pose) {
    case Pose::start: return "-start.svg";
    case Pose::end: return "-end.svg";
    case Pose::move: return "-move.svg";
  }
  return "";
}

std::string illustration_path(std::string_view technique_id, std::string_view variant_id, Pose pose) {
  std::string path = "content/illustrations/";
  path += technique_id;
  if (!variant_id.empty()) {
    path += "--";
    path += variant_id;
  }
  path += pose_suffix(pose);
  return path;
}

std::string_view illustration_svg(std::string_view technique_id, std::string_view variant_id, Pose pose) {
  if (!variant_id.empty()) {
    std::string_view own = embedded_file(illustration_path(technique_id, variant_id, pose));
    if (!own.empty()) return own;
  }
  return embedded_file(illustration_path(technique_id, {}, pose));
}

}  // namespace unknot::content
