// The person's data directory: where it is, and durable whole-file writes into it.
// Resolution order follows the contract: --data-dir, $UNKNOT_DATA_DIR,
// $XDG_DATA_HOME/unknot, ~/.local/share/unknot.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "core/result.h"

namespace unknot::storage {

// The data directory to use; `flag` is the --data-dir value when given.
Result<std::string> resolve_data_dir(const std::optional<std::string>& flag);

// Creates `dir` (and missing parents) for the person's data: the folder itself is made 0700
// (only its owner may look in). With `tighten`, an existing one of ours is set to 0700 too
// (the data folder an older unknot made 0755).
Status ensure_private_dir(const std::string& dir, bool tighten = true);

// Writes `contents` to `path` inside the data directory so that after a crash the file
// holds either the old or the new contents, never a mix: write a temporary file (0600),
// fsync it, rename it over `path`, fsync the directory. Creates missing parent directories
// (0700; existing ones are left as they are). Returns once durable.
Status write_file_durably(const std::string& path, const std::string& contents);

// Writes an output file the way Unix tools do (exports, backups): "-" is standard output
// (`out`); a symlink is written through (its target is replaced, the link stays); a device,
// FIFO or socket is opened and written, not replaced; a regular or new file is replaced
// atomically (temporary file, fsync, rename) keeping an existing file's mode, a new one made
// with `new_file_mode`. A missing parent folder is kBadInput: nothing is created silently.
Status write_output_file(const std::string& path, const std::string& contents, std::ostream& out,
                         unsigned new_file_mode = 0644);

// The whole file; kBadInput error when it does not exist.
Result<std::string> read_file(const std::string& path);

bool file_exists(const std::string& path);

// Whether `path` is there (true), missing (false), or cannot be looked at (kFailure naming
// the folder that cannot be read: a data folder without permission must not look empty).
Result<bool> probe_file(const std::string& path);

// Where `unknot start` keeps the saved intake inside `data_dir`.
std::string intake_path(const std::string& data_dir);
// The clinician's prescription the last clinic sync brought (clinic mode, core/prescription.h).
std::string prescription_path(const std::string& data_dir);

}  // namespace unknot::storage
