#include "service/companion_program.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace unknot::service {

Result<std::string> find_companion_program(const std::string& self, const std::string& name, const std::string& role) {
  const std::filesystem::path here(self);
  const std::filesystem::path candidates[] = {here.parent_path() / name,
                                              here.parent_path().parent_path() / "libexec" / "unknot" / name};
  for (const auto& candidate : candidates) {
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return Error::failure("the " + role + " program " + name + " is missing (looked for " + candidates[0].string() +
                        " and " + candidates[1].lexically_normal().string() + "); reinstall unknot");
}

Result<std::string> companion_program(const std::string& name, const std::string& role) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return Error::failure("cannot tell where this program is: " + error.message());
  return find_companion_program(self.string(), name, role);
}

Error exec_companion(const std::string& program, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  execv(program.c_str(), argv.data());
  return Error::failure(program + ": cannot start: " + std::strerror(errno));
}

}  // namespace unknot::service
