// The reminder itself, in the lean program unknot-desk (desk_main.cc): the sd-event loop,
// X11/GNOME/Wayland idle time and D-Bus notifications (desk_service.cc). Only unknot-desk
// links it, so `unknot` loads none of the desktop libraries; `unknot desk` (desk::run) execs it.
#pragma once

#include <iosfwd>

#include "core/result.h"
#include "desk/desk.h"
#include "service/workspace.h"

namespace unknot::desk {

// Runs in the foreground, in this process, until SIGINT or SIGTERM (what desk::run promises).
Status run_here(const service::WorkspaceOptions& workspace, const DeskOptions& options, std::ostream& out);

}  // namespace unknot::desk
