// The person's data directory: where it is, and durable whole-file writes into it.
// Resolution order follows the contract: --data-dir, $UNKNOT_DATA_DIR,
// $XDG_DATA_HOME/unknot, ~/.local/share/unknot.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"

namespace unknot::storage {

// The data directory to use; `flag` is the --data-dir value when given.
Result<std::string> resolve_data_dir(const std::optional<std::string>& flag);

// Writes `contents` to `path` so that after a crash the file holds either the old or the
// new contents, never a mix: write a temporary file, fsync it, rename it over `path`,
// fsync the directory. Creates missing parent directories. Returns once durable.
Status write_file_durably(const std::string& path, const std::string& contents);

// The whole file; kBadInput error when it does not exist.
Result<std::string> read_file(const std::string& path);

bool file_exists(const std::string& path);

// Where `unknot start` keeps the saved intake inside `data_dir`.
std::string intake_path(const std::string& data_dir);

}  // namespace unknot::storage
