// Notices when the person's data changes under the web app: `unknot log` in a terminal
// writing the SQLite diary (or its WAL), `unknot start` replacing the intake. The web app keeps
// every page it drew until then (web/app.h), so this is asked on every request and must cost
// next to nothing: on Linux an inotify watch on the data directory, drained with one
// non-blocking read() (the kernel queued the event before the writer's write() returned, so
// the very next request sees it); elsewhere, or when inotify is not available, the files'
// sizes and modification times, compared at most once per 100 ms.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace unknot::web {

// How a DataWatch notices changes.
enum class WatchMode {
  kNotify,  // inotify on the directory (Linux)
  kPoll,    // sizes and modification times, at most once per kPollInterval
};

class DataWatch {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{100};
  // The mode this system offers: kNotify on Linux, else kPoll.
  static WatchMode best_mode();

  // Watches the files called `names` inside `dir` (which need not exist yet: until it does,
  // it is looked for at most once per kPollInterval).
  DataWatch(std::string dir, std::vector<std::string> names, WatchMode mode = best_mode());
  ~DataWatch();
  DataWatch(const DataWatch&) = delete;
  DataWatch& operator=(const DataWatch&) = delete;

  // A number that grows whenever one of the files changed; never blocks (a non-blocking read
  // of queued events, or a stat() of each file at most once per kPollInterval). Safe to call
  // from several threads at once.
  std::uint64_t generation();
  // Counts a change made by this program (the web app stored something) at once.
  void changed();

  // How changes are noticed right now: kPoll also while inotify waits for the directory.
  WatchMode mode() const;

 private:
  bool drain_events();       // under mutex_: whether a queued event names one of the files
  bool stamp_changed();      // under mutex_: whether the sizes or modification times moved
  void try_watch();          // under mutex_: adds the inotify watch once the directory exists
  std::vector<long long> stamp() const;

  std::string dir_;
  std::vector<std::string> names_;
  WatchMode wanted_;
  mutable std::mutex mutex_;
  int inotify_fd_ = -1;  // -1: polling
  int watch_ = -1;       // the directory's watch, -1 while it has none
  std::uint64_t generation_ = 0;
  std::vector<long long> last_stamp_;
  std::chrono::steady_clock::time_point next_check_{};
};

}  // namespace unknot::web
