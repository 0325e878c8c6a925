// unknot's companion programs, which `unknot` execs for a command and a person never runs:
// unknot-desk (the desk reminder) and unknot-network (the web app and clinic commands). Each
// is found beside the running program (the build tree), else in the libexec directory of the
// same prefix (installed: /usr/bin/unknot and /usr/libexec/unknot/NAME). Keeping them apart
// keeps their libraries out of the short commands' start-up (docs/performance.md).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace unknot::service {

// The path of companion program `name` next to `self` (the running program's path) or under
// `self`/../../libexec/unknot; a failure naming both places when it is in neither. `role` says
// what it is for in that message ("reminder": "the reminder program unknot-desk is missing").
Result<std::string> find_companion_program(const std::string& self, const std::string& name, const std::string& role);

// The same, next to this process's own executable (/proc/self/exe).
Result<std::string> companion_program(const std::string& name, const std::string& role);

// Replaces this process with `program` run with `args` (args[0] included), flushing the C++
// standard streams first; same pid, so a systemd unit or a waiting parent sees no difference.
// Returns only when exec fails, with a failure naming the program.
Error exec_companion(const std::string& program, std::vector<std::string> args);

}  // namespace unknot::service
