#include "storage/data_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace unknot::storage {
namespace {

std::string errno_text() { return std::strerror(errno); }

Status fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Error::failure(path + ": cannot open for sync: " + errno_text());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error::failure(path + ": fsync failed: " + errno_text());
  return Ok{};
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

Status write_file_durably(const std::string& path, const std::string& contents) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Error::failure(directory.string() + ": cannot create directory: " + error.message());

  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error::failure(temporary + ": cannot create: " + errno_text());
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      std::string why = errno_text();
      ::close(fd);
      ::unlink(temporary.c_str());
      return Error::failure(temporary + ": write failed: " + why);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = errno_text();
    ::unlink(temporary.c_str());
    return Error::failure(temporary + ": could not be made durable: " + why);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    std::string why = errno_text();
    ::unlink(temporary.c_str());
    return Error::failure(path + ": cannot replace: " + why);
  }
  return fsync_path(directory.string(), O_RDONLY | O_DIRECTORY);
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
  return std::filesystem::is_regular_file(path, error);
}

std::string intake_path(const std::string& data_dir) { return data_dir + "/intake.json"; }

}  // namespace unknot::storage
