#include "web/data_watch.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/inotify.h>
#endif

namespace unknot::web {

WatchMode DataWatch::best_mode() {
#ifdef __linux__
  return WatchMode::kNotify;
#else
  return WatchMode::kPoll;
#endif
}

DataWatch::DataWatch(std::string dir, std::vector<std::string> names, WatchMode mode)
    : dir_(std::move(dir)), names_(std::move(names)), wanted_(mode) {
  last_stamp_ = stamp();
#ifdef __linux__
  if (wanted_ == WatchMode::kNotify) {
    // Without a descriptor (the per-user limit reached) the watch polls instead.
    inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd_ >= 0) try_watch();
  }
#endif
}

DataWatch::~DataWatch() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

WatchMode DataWatch::mode() const {
  std::lock_guard lock(mutex_);
  return inotify_fd_ >= 0 && watch_ >= 0 ? WatchMode::kNotify : WatchMode::kPoll;
}

void DataWatch::changed() {
  std::lock_guard lock(mutex_);
  ++generation_;
}

std::uint64_t DataWatch::generation() {
  // One lock for draining and counting: a thread that finds the queue empty must not answer
  // while another has read an event and not yet counted it.
  std::lock_guard lock(mutex_);
  if (inotify_fd_ >= 0 && watch_ >= 0) {
    if (drain_events()) ++generation_;
    if (watch_ >= 0) return generation_;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now < next_check_) return generation_;
  next_check_ = now + kPollInterval;
  if (inotify_fd_ >= 0) try_watch();
  if (stamp_changed()) ++generation_;
  return generation_;
}

void DataWatch::try_watch() {
#ifdef __linux__
  if (watch_ >= 0) return;
  watch_ = ::inotify_add_watch(inotify_fd_, dir_.c_str(),
                               IN_MODIFY | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF |
                                   IN_MOVE_SELF | IN_ONLYDIR);
  // From now on events tell; what changed before the watch began counts once.
  if (watch_ >= 0) ++generation_;
#endif
}

bool DataWatch::drain_events() {
  bool relevant = false;
#ifdef __linux__
  // What was queued when this call began: a read that does not fill the buffer took all of
  // it. Bounded, because a writer busy the whole time (a long import) queues events as fast
  // as they are read, and this runs under the lock every request takes.
  alignas(inotify_event) char buffer[8192];
  constexpr std::size_t kLargestEvent = sizeof(inotify_event) + NAME_MAX + 1;
  for (int reads = 0; reads < 16; ++reads) {
    const ssize_t got = ::read(inotify_fd_, buffer, sizeof buffer);
    if (got <= 0) break;  // EAGAIN: nothing queued (the descriptor never blocks)
    for (std::size_t at = 0; at < static_cast<std::size_t>(got);) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += sizeof(inotify_event) + event->len;
      if (event->mask & IN_Q_OVERFLOW) relevant = true;
      if (event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
        // The directory went away (or moved): poll for it until it is back.
        if (watch_ >= 0 && !(event->mask & IN_IGNORED)) ::inotify_rm_watch(inotify_fd_, watch_);
        watch_ = -1;
        relevant = true;
        continue;
      }
      // Only what changes contents: a write, a file removed or renamed into place. Not opens,
      // closes or new empty files: reading the diary opens it for writing too (SQLite's locks)
      // and creates an empty WAL when there is none, and a page drawn must not count as a
      // change (each would draw it again).
      if (event->len == 0 || !(event->mask & (IN_MODIFY | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM)))
        continue;
      const std::string_view name(event->name);
      if (std::find(names_.begin(), names_.end(), name) != names_.end()) relevant = true;
    }
    if (static_cast<std::size_t>(got) + kLargestEvent <= sizeof buffer) break;
  }
#endif
  if (relevant) last_stamp_ = stamp();
  return relevant;
}

bool DataWatch::stamp_changed() {
  std::vector<long long> now = stamp();
  if (now == last_stamp_) return false;
  last_stamp_ = std::move(now);
  return true;
}

std::vector<long long> DataWatch::stamp() const {
  std::vector<long long> values;
  values.reserve(names_.size() * 3);
  for (const std::string& name : names_) {
    struct stat info {};
    const std::string path = dir_ + "/" + name;
    if (::stat(path.c_str(), &info) != 0) {
      values.insert(values.end(), {-1, -1, -1});
    } else {
      values.insert(values.end(), {static_cast<long long>(info.st_size), static_cast<long long>(info.st_mtim.tv_sec),
                                   static_cast<long long>(info.st_mtim.tv_nsec)});
    }
  }
  return values;
}

}  // namespace unknot::web
