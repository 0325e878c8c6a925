#include "storage/data_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace unknot::storage {
namespace {

namespace fs = std::filesystem;

std::string errno_text() { return std::strerror(errno); }

Status fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Error::failure(path + ": cannot open for sync: " + errno_text());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error::failure(path + ": fsync failed: " + errno_text());
  return Ok{};
}

// Writes all of `contents` to `fd`; false (errno set) on failure.
bool write_all(int fd, const std::string& contents) {
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return true;
}

// Temporary file beside `path`, fsync, rename over it, fsync the folder.
Status replace_atomically(const std::string& path, const std::string& contents, unsigned mode) {
  const fs::path target(path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error::failure(temporary + ": cannot create: " + errno_text());
  // open() applies the umask; fchmod sets exactly the mode asked for.
  const bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, contents) && ::fsync(fd) == 0;
  const std::string why = errno_text();
  if (::close(fd) != 0 || !ok) {
    ::unlink(temporary.c_str());
    return Error::failure(path + ": could not be written: " + why);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    std::string rename_why = errno_text();
    ::unlink(temporary.c_str());
    return Error::failure(path + ": cannot replace: " + rename_why);
  }
  return fsync_path(directory.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace

Result<std::string> resolve_data_dir(const std::optional<std::string>& flag) {
  if (flag) {
    if (flag->empty()) return Error::bad_input("--data-dir: must not be empty");
    return *flag;
  }
  if (const char* dir = std::getenv("UNKNOT_DATA_DIR"); dir && *dir) return std::string(dir);
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/unknot";
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.local/share/unknot";
  }
  return Error::failure("cannot find a data directory: set --data-dir or UNKNOT_DATA_DIR");
}

Status ensure_private_dir(const std::string& dir, bool tighten) {
  std::error_code error;
  const fs::path path(dir);
  if (path.has_parent_path() && !fs::exists(path.parent_path(), error)) {
    fs::create_directories(path.parent_path(), error);
    if (error) return Error::failure(path.parent_path().string() + ": cannot create folder: " + error.message());
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Error::failure(dir + ": cannot create the data folder: " + errno_text());
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) return Error::failure(dir + ": cannot look at the data folder: " + errno_text());
  if (!S_ISDIR(info.st_mode)) return Error::failure(dir + ": is not a folder");
  // Tighten a folder made by an older unknot (0755); a folder we do not own is left alone.
  if (tighten && (info.st_mode & 077) != 0 && info.st_uid == ::geteuid()) ::chmod(dir.c_str(), 0700);
  return Ok{};
}

Status write_file_durably(const std::string& path, const std::string& contents) {
  const fs::path target(path);
  if (target.has_parent_path()) {
    if (auto made = ensure_private_dir(target.parent_path().string(), false); !made) return made;
  }
  return replace_atomically(path, contents, 0600);
}

Status write_output_file(const std::string& path, const std::string& contents, std::ostream& out,
                         unsigned new_file_mode) {
  if (path == "-") {
    out << contents;
    out.flush();
    if (!out) return Error::failure("standard output: write failed");
    return Ok{};
  }
  if (path.empty()) return Error::bad_input("the output file name is empty (use - for standard output)");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return Error::bad_input(path + ": is a folder; give a file name");
    if (!S_ISREG(info.st_mode)) {
      // A device, FIFO or socket (/dev/stdout, a named pipe): write into it, never replace it.
      int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return Error::failure(path + ": cannot open for writing: " + errno_text());
      const bool ok = write_all(fd, contents);
      const std::string why = errno_text();
      if (::close(fd) != 0 || !ok) return Error::failure(path + ": write failed: " + why);
      return Ok{};
    }
    // A regular file, maybe behind symlinks: replace the file the links point to, keeping
    // its mode, so the links still lead to the new contents.
    std::error_code error;
    const fs::path real = fs::canonical(path, error);
    if (error) return Error::failure(path + ": cannot resolve: " + error.message());
    return replace_atomically(real.string(), contents, info.st_mode & 07777);
  }
  if (errno != ENOENT) return Error::failure(path + ": " + errno_text());
  // Missing. A dangling symlink is written through: create the file it names.
  std::error_code error;
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(target, error))) {
    fs::path link = fs::read_symlink(target, error);
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    return Error::bad_input(path + ": the folder " + parent.string() + " does not exist");
  }
  // A new file gets the mode asked for less the umask, as open(2) would give it.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return replace_atomically(target.string(), contents, new_file_mode & ~static_cast<unsigned>(mask));
}

Result<std::string> read_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return Error::bad_input(path + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::bad_input(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool file_exists(const std::string& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

Result<bool> probe_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return true;
  if (errno == ENOENT) return false;
  const fs::path folder = fs::path(path).parent_path();
  return Error::failure("cannot read " + (errno == EACCES ? "the folder " + folder.string() : path) + ": " +
                        errno_text() + "; check its permissions (ls -ld " + folder.string() + ")");
}

std::string intake_path(const std::string& data_dir) { return data_dir + "/intake.json"; }
std::string prescription_path(const std::string& data_dir) { return data_dir + "/prescription.json"; }

}  // namespace unknot::storage
