// `unknot desk` as a running service: one thread, one sd-event loop. A single one-shot timer
// is armed for the schedule's next wake-up (core/desk_schedule.h); D-Bus signals (a
// notification's action, its closing, the screen lock) arrive on the same loop. Nothing
// polls in between, and no child process is started.
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/desk_schedule.h"
#include "core/dose_words.h"
#include "desk/desk.h"
#include "desk/desk_options.h"
#include "desk/desk_service.h"
#include "desk/desk_state.h"
#include "desk/idle_source.h"
#include "desk/notifier.h"
#include "storage/data_dir.h"

namespace unknot::desk {
namespace {

std::string duration_words(int seconds) {
  if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + " h";
  if (seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
  return std::to_string(seconds) + " s";
}

std::string local_date_time(std::time_t when) {
  std::tm local{};
  localtime_r(&when, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
  return text;
}

DeskClock read_clock() {
  timespec boot{};
  clock_gettime(CLOCK_BOOTTIME, &boot);
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return {static_cast<double>(boot.tv_sec) + boot.tv_nsec / 1e9, local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec};
}


// Choosing the breaks ran much of the program (knowledge base, plan, SQLite, JSON) once; the
// pages of code and read-only data it touched would stay mapped, and counted in the
// reminder's resident memory, for the hours it then waits. They are dropped here: the
// executable's segments that are never written (code, constants; the kernel reads a page back
// from the file should it be used again). The writable segment, whose read-only part the
// loader wrote before protecting it, is left alone, and each range is shrunk to whole pages
// inside its segment so no page it shares with that segment is dropped. All in one pass with
// no other code in between, since every page touched after a drop comes back (with up to
// 64 KB of its neighbours: the kernel maps code around a fault).
void forget_startup_code() {
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void*) {
        if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') return 0;  // the program itself only
        const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
        for (int index = 0; index < info->dlpi_phnum; ++index) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[index];
          if (segment.p_type != PT_LOAD || (segment.p_flags & PF_W) != 0) continue;
          const std::uintptr_t first = info->dlpi_addr + segment.p_vaddr;
          const std::uintptr_t start = (first + page - 1) & ~(page - 1);
          const std::uintptr_t end = (first + segment.p_memsz) & ~(page - 1);
          if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
        }
        return 1;
      },
      nullptr);
}

class DeskService {
 public:
  DeskService(service::WorkspaceOptions workspace, ParsedOptions options, std::vector<MicroBreak> breaks, int turn,
              std::string data_dir, std::ostream& out)
      : workspace_(std::move(workspace)),
        options_(std::move(options)),
        schedule_(options_.settings, read_clock()),
        breaks_(std::move(breaks)),
        turn_(turn),
        data_dir_(std::move(data_dir)),
        out_(out) {}

  ~DeskService() {
    sd_event_source_unref(timer_);
    for (sd_bus_slot* slot : slots_) sd_bus_slot_unref(slot);
    idle_.reset();
    if (bus_) sd_bus_flush_close_unref(bus_);
    sd_event_unref(event_);
  }
  DeskService(const DeskService&) = delete;
  DeskService& operator=(const DeskService&) = delete;

  Status run() {
    if (sd_event_new(&event_) < 0) return Error::failure("cannot create an event loop");
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
    sd_event_add_signal(event_, nullptr, SIGINT, nullptr, nullptr);  // default handler: leave the loop
    sd_event_add_signal(event_, nullptr, SIGTERM, nullptr, nullptr);
    open_bus();
    choose_idle_source();
    notifier_ = Notifier(bus_);
    out_ << "unknot desk: counting desk time with " << describe_source() << ". After "
         << duration_words(options_.settings.work_seconds) << " of desk time, a 30-60 s micro-break from your plan; "
         << duration_words(options_.settings.natural_break_seconds) << " away from the keyboard counts as a break."
         << (options_.settings.hours ? " Working hours only." : "") << " Ctrl+C stops.\n"
         << std::flush;
    // The first look happens at once; each look arms the next.
    if (sd_event_add_time(event_, &timer_, CLOCK_BOOTTIME, 0, kTimerAccuracy, &DeskService::on_timer, this) < 0) {
      return Error::failure("cannot create a timer");
    }
    const int code = sd_event_loop(event_);
    notifier_.close(shown_id_);
    write_status(read_clock(), "stopped");
    if (code < 0) return Error::failure(std::string("the event loop failed: ") + std::strerror(-code));
    out_ << "unknot desk: stopped.\n";
    return Ok{};
  }

 private:
  // Let the kernel batch this wake-up with others: a second either way does not matter.
  static constexpr uint64_t kTimerAccuracy = 1'000'000;

  void open_bus() {
    if (sd_bus_open_user(&bus_) < 0) {
      bus_ = nullptr;
      out_ << "unknot desk: no D-Bus session bus, so no desktop notifications; reminders print here instead.\n";
      return;
    }
    sd_bus_attach_event(bus_, event_, SD_EVENT_PRIORITY_NORMAL);
    subscribe(kNotificationsPath, kNotificationsService, "ActionInvoked", &DeskService::on_action);
    subscribe(kNotificationsPath, kNotificationsService, "NotificationClosed", &DeskService::on_closed);
    // Screen lockers announce themselves here (freedesktop and GNOME names).
    subscribe(nullptr, "org.freedesktop.ScreenSaver", "ActiveChanged", &DeskService::on_lock);
    subscribe(nullptr, "org.gnome.ScreenSaver", "ActiveChanged", &DeskService::on_lock);
  }

  void subscribe(const char* path, const char* interface, const char* member, sd_bus_message_handler_t handler) {
    sd_bus_slot* slot = nullptr;
    if (sd_bus_match_signal(bus_, &slot, nullptr, path, interface, member, handler, this) >= 0) slots_.push_back(slot);
  }

  // `auto`: on Wayland, GNOME's IdleMonitor, then ext-idle-notify-v1; never X11 there, which
  // would only see input to X programs. Elsewhere X11, then GNOME's IdleMonitor (a GNOME
  // session whose environment did not reach this process still has it on the bus).
  void choose_idle_source() {
    const std::string& wanted = options_.idle_source;
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    const bool on_wayland = wayland && *wayland;
    std::vector<std::string> order;
    if (wanted == "auto") {
      order = on_wayland ? std::vector<std::string>{"gnome", "wayland"} : std::vector<std::string>{"x11", "gnome"};
    } else if (wanted != "timer") {
      order = {wanted};
    }
    std::string why;
    for (const std::string& source : order) {
      std::string why_not;
      if (source == "x11") idle_ = open_x11_idle(why_not);
      if (source == "gnome") idle_ = open_gnome_idle(bus_, why_not);
      if (source == "wayland") idle_ = open_wayland_idle(event_, options_.settings.natural_break_seconds, why_not);
      if (idle_) break;
      why += (why.empty() ? "" : "; ") + why_not;
    }
    if (idle_) {
      // Told of changes (Wayland): look at once, so a natural break is seen when it starts
      // and the next work spell starts at the input that ended it.
      idle_->on_change([this] { look(); });
      return;
    }
    idle_ = plain_timer();
    if (wanted == "timer") return;
    // Said once, here: from now on time is counted plainly.
    out_ << "unknot desk: this desktop does not tell how long you have been idle (" << why
         << "), so a plain timer counts instead; a locked screen or sleep still counts as a break.\n";
  }

  std::string describe_source() const {
    const std::string name = idle_->name();
    if (name == "x11") return "X11 idle time";
    if (name == "gnome") return "GNOME's idle monitor";
    if (name == "wayland") return "the Wayland compositor's idle notifications (ext-idle-notify-v1)";
    return "a plain timer";
  }

  static int on_timer(sd_event_source*, uint64_t, void* self) {
    static_cast<DeskService*>(self)->look();
    return 0;
  }

  // One look: read idle time, let the schedule decide, act, arm the timer for the next look.
  void look() {
    const DeskClock now = read_clock();
    if (now.seconds >= schedule_.due_at()) schedule_.set_do_not_disturb(notifier_.do_not_disturb());
    const DeskDecision decision = schedule_.observe(now, idle_->idle_seconds());
    if (decision.withdraw) {
      notifier_.close(shown_id_);
      shown_id_ = 0;
      say(now, "you stepped away: that was a break.");
    }
    if (decision.remind) remind(now);
    const uint64_t wake = static_cast<uint64_t>(std::ceil(decision.wake_at * 1e6));
    sd_event_source_set_time(timer_, wake);
    sd_event_source_set_enabled(timer_, SD_EVENT_ONESHOT);
    write_status(now, std::string(to_string(schedule_.state())));
    if (!startup_code_forgotten_) {
      // After the first look everything the waiting needs has run once; what only start-up ran
      // can go (forget_startup_code).
      forget_startup_code();
      startup_code_forgotten_ = true;
    }
  }

  void remind(DeskClock now) {
    if (breaks_.empty()) return;
    const MicroBreak& micro = pick_micro_break(breaks_, turn_);
    shown_technique_ = micro.technique;
    Notification notification;
    notification.summary = "Time for a " + std::to_string(micro.seconds) + "-second break: " + micro.name;
    notification.body = describe_dose(micro.dose) + ". " + micro.summary + "\nFrom your unknot plan; " +
                        duration_words(static_cast<int>(schedule_.worked_seconds(now) / 60) * 60) + " at the desk so far.";
    notification.actions = {{"done", "Done"},
                            {"snooze", "Snooze " + duration_words(options_.settings.snooze_seconds)},
                            {"skip", "Skip"}};
    notification.replaces = shown_id_;
    say(now, "break: " + micro.name + " (" + describe_dose(micro.dose) + ").");
    if (!bus_ || notifications_failed_) return;
    auto shown = notifier_.show(notification);
    if (!shown) {
      notifications_failed_ = true;
      out_ << "unknot desk: " << shown.error().message << "; reminders print here instead.\n" << std::flush;
      return;
    }
    shown_id_ = *shown;
  }

  void record(BreakOutcome outcome) {
    const DeskClock now = read_clock();
    schedule_.answer(now, outcome);
    DiaryEntry entry;
    entry.at = service::local_now();
    entry.type = EntryType::kBreak;
    entry.technique = shown_technique_;
    entry.outcome = std::string(to_string(outcome));
    // A fresh Workspace each time: it opens the diary, stores durably and closes it again.
    auto stored = service::Workspace(workspace_).store({entry});
    say(now, std::string(to_string(outcome)) + (stored ? ", logged in your diary." : ": " + stored.error().message));
    if (outcome != BreakOutcome::kSnoozed) ++turn_;
    look();
  }

  static int on_action(sd_bus_message* message, void* self, sd_bus_error*) {
    auto* service = static_cast<DeskService*>(self);
    uint32_t id = 0;
    const char* key = nullptr;
    if (sd_bus_message_read(message, "us", &id, &key) < 0 || id == 0 || id != service->shown_id_) return 0;
    const std::string action = key;
    std::optional<BreakOutcome> outcome;
    if (action == "done") outcome = BreakOutcome::kDone;
    if (action == "snooze") outcome = BreakOutcome::kSnoozed;
    if (action == "skip") outcome = BreakOutcome::kSkipped;
    if (!outcome) return 0;
    service->shown_id_ = 0;  // the NotificationClosed that follows is not a second answer
    service->notifier_.close(id);
    service->record(*outcome);
    return 0;
  }

  static int on_closed(sd_bus_message* message, void* self, sd_bus_error*) {
    auto* service = static_cast<DeskService*>(self);
    uint32_t id = 0, reason = 0;
    if (sd_bus_message_read(message, "uu", &id, &reason) < 0 || id == 0 || id != service->shown_id_) return 0;
    service->shown_id_ = 0;
    // Reason 2: the person dismissed it, a plain "not now". Expired (1) or closed by us (3):
    // no answer, and the schedule asks again after the snooze time.
    constexpr uint32_t kDismissedByUser = 2;
    if (reason == kDismissedByUser) service->record(BreakOutcome::kSkipped);
    return 0;
  }

  static int on_lock(sd_bus_message* message, void* self, sd_bus_error*) {
    auto* service = static_cast<DeskService*>(self);
    int active = 0;
    if (sd_bus_message_read(message, "b", &active) < 0) return 0;
    service->schedule_.set_locked(read_clock(), active != 0);
    service->look();
    return 0;
  }

  void say(DeskClock now, const std::string& text) {
    char clock[32];
    std::snprintf(clock, sizeof clock, "%02d:%02d", now.local_seconds_of_day / 3600, now.local_seconds_of_day / 60 % 60);
    out_ << "[" << clock << "] " << text << "\n" << std::flush;
  }

  // Writes the state file when what `unknot desk status` would say has changed.
  void write_status(DeskClock now, const std::string& state) {
    DeskStatus status;
    status.pid = static_cast<int>(getpid());
    status.state = state;
    status.idle_source = idle_ ? idle_->name() : "timer";
    if (state == "working") {
      status.next_break_due =
          local_date_time(std::time(nullptr) + static_cast<std::time_t>(std::ceil(schedule_.due_at() - now.seconds)));
    }
    status.worked_minutes = static_cast<int>(schedule_.worked_seconds(now) / 60);
    if (!breaks_.empty()) status.next_technique = pick_micro_break(breaks_, turn_).technique;
    status.every_seconds = options_.settings.work_seconds;
    status.hours = hours_text();
    if (status == last_status_) return;
    last_status_ = status;
    status.updated_at = service::local_now();
    (void)storage::write_file_durably(status_path(data_dir_), status_to_json_text(status, state != "stopped"));
  }

  std::string hours_text() const {
    if (!options_.settings.hours) return "";
    char text[64];
    const WorkingHours& hours = *options_.settings.hours;
    std::snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", hours.start_minute / 60, hours.start_minute % 60,
                  hours.end_minute / 60, hours.end_minute % 60);
    return text;
  }

  service::WorkspaceOptions workspace_;
  ParsedOptions options_;
  DeskSchedule schedule_;
  std::vector<MicroBreak> breaks_;
  int turn_ = 0;
  bool startup_code_forgotten_ = false;
  std::string data_dir_;
  std::ostream& out_;
  sd_event* event_ = nullptr;
  sd_event_source* timer_ = nullptr;
  sd_bus* bus_ = nullptr;
  std::vector<sd_bus_slot*> slots_;
  std::unique_ptr<IdleSource> idle_;
  Notifier notifier_{nullptr};
  bool notifications_failed_ = false;
  uint32_t shown_id_ = 0;
  std::string shown_technique_;
  DeskStatus last_status_;
};

// Holds an exclusive lock on DATA/desk.lock for the life of the process: one `unknot desk`
// per person, however many ways it was started.
class InstanceLock {
 public:
  explicit InstanceLock(const std::string& path) : fd_(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {}
  ~InstanceLock() {
    if (fd_ >= 0) close(fd_);
  }
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;
  bool opened() const { return fd_ >= 0; }
  bool acquire() { return fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0; }

 private:
  int fd_;
};

}  // namespace

Status run_here(const service::WorkspaceOptions& workspace_options, const DeskOptions& options, std::ostream& out) {
  auto parsed = parse_options(options);
  if (!parsed) return parsed.error();
  std::vector<MicroBreak> breaks;
  int turn = 0;
  std::string data_dir;
  {
    // The knowledge base and plan are needed only to choose the micro-breaks: this Workspace
    // goes out of scope before the loop starts, and its memory with it.
    service::Workspace workspace(workspace_options);
    if (!workspace.has_saved_intake()) {
      return Error::bad_input("unknot desk offers breaks from your plan, and there is none yet: run `unknot start` first");
    }
    auto dir = workspace.data_dir();
    if (!dir) return dir.error();
    data_dir = *dir;
    auto plan = workspace.current_plan();
    if (!plan) return plan.error();
    auto catalogue = workspace.catalogue();
    if (!catalogue) return catalogue.error();
    auto intake = workspace.saved_intake();
    if (!intake) return intake.error();
    breaks = micro_breaks(*plan, **catalogue, *intake);
    if (breaks.empty()) {
      return Error::failure(
          "your safety screen says to see a professional before starting the program, so unknot desk offers no "
          "exercises; `unknot triage` says why");
    }
    auto diary = workspace.diary();
    if (!diary) return diary.error();
    // Carry on the rotation where the diary left it, so restarts do not repeat the first one.
    for (const DiaryEntry& entry : *diary) {
      if (entry.type == EntryType::kBreak && entry.outcome != "snoozed") ++turn;
    }
  }
  malloc_trim(0);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  InstanceLock lock(data_dir + "/desk.lock");
  if (!lock.opened()) return Error::failure(data_dir + "/desk.lock: " + std::strerror(errno));
  if (!lock.acquire()) {
    out << "unknot desk is already running for this data directory; `unknot desk status` says what it is doing.\n";
    return Ok{};
  }
  DeskService service(workspace_options, std::move(*parsed), std::move(breaks), turn, data_dir, out);
  return service.run();
}

}  // namespace unknot::desk
