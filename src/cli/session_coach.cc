#include "cli/session_coach.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <array>
#include <csignal>
#include <cstdlib>
#include <istream>
#include <ostream>
#include <thread>

#include "cli/asker.h"
#include "cli/render.h"
#include "core/dose_words.h"
#include "core/intake_questions.h"
#include "core/triage.h"

extern char** environ;

namespace unknot::cli {
namespace {

// ---------------------------------------------------------------------------------------
// Text measuring: frames are cut to the terminal's width before styling is added.

int display_width(std::string_view text) {
  int width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count UTF-8 lead bytes only
  }
  return width;
}

// `text` cut to `width` columns, ending in an ellipsis when cut ("..." without Unicode).
std::string cut_to_width(std::string_view text, int width, bool unicode = true) {
  if (display_width(text) <= width) return std::string(text);
  const std::string ellipsis = unicode ? "…" : "...";
  const int keep = std::max(width - display_width(ellipsis), 0);
  std::string out;
  int used = 0;
  for (std::size_t index = 0; index < text.size(); ++index) {
    const auto c = static_cast<unsigned char>(text[index]);
    if ((c & 0xC0) != 0x80) {
      if (used == keep) break;
      ++used;
    }
    out += text[index];
  }
  return out + ellipsis;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// `text` wrapped to `width` as separate lines, each cut to the width in case a single
// word is longer than a line.
std::vector<std::string> wrapped_lines(std::string_view text, int width, std::string_view first_prefix = "",
                                       std::string_view rest_prefix = "") {
  std::vector<std::string> lines;
  const std::string wrapped = wrap(text, width, first_prefix, rest_prefix);
  std::size_t start = 0;
  while (start < wrapped.size()) {
    const auto end = wrapped.find('\n', start);
    if (end > start) lines.push_back(cut_to_width(wrapped.substr(start, end - start), width));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

int whole_seconds(std::int64_t milliseconds) { return static_cast<int>((milliseconds + 999) / 1000); }

// Three-row digits from block characters, for a countdown readable from a mat.
const char* const kBigDigits[11][3] = {
    {"█▀█", "█ █", "▀▀▀"}, {"▀█ ", " █ ", "▀▀▀"}, {"▀▀█", "█▀▀", "▀▀▀"}, {"▀▀█", " ▀█", "▀▀▀"},
    {"█ █", "▀▀█", "  ▀"}, {"█▀▀", "▀▀█", "▀▀▀"}, {"█▀▀", "█▀█", "▀▀▀"}, {"▀▀█", "  █", "  ▀"},
    {"█▀█", "█▀█", "▀▀▀"}, {"█▀█", "▀▀█", "▀▀▀"}, {" ", "▀", "▀"},
};

std::vector<std::string> big_text(const std::string& text) {
  std::vector<std::string> rows(3);
  for (char c : text) {
    const int glyph = c == ':' ? 10 : c - '0';
    if (glyph < 0 || glyph > 10) continue;
    for (int row = 0; row < 3; ++row) rows[static_cast<std::size_t>(row)] += std::string(kBigDigits[glyph][row]) + " ";
  }
  return rows;
}

std::string progress_bar(double share, int width, bool unicode) {
  const int filled = static_cast<int>(std::lround(share * width));
  std::string bar;
  for (int index = 0; index < width; ++index) bar += index < filled ? (unicode ? "█" : "#") : (unicode ? "░" : "-");
  return bar;
}

// The few symbols the coach uses (and the core's labels contain), in ASCII for terminals
// whose locale is not UTF-8. Text from the knowledge base is left as it is.
std::string to_ascii(std::string text) {
  for (const auto& [symbol, plain] : {std::pair<std::string_view, std::string_view>{"·", "-"}, {"…", "..."}}) {
    for (auto at = text.find(symbol); at != std::string::npos; at = text.find(symbol, at + plain.size())) {
      text.replace(at, symbol.size(), plain);
    }
  }
  return text;
}

// What to do now, in one line under the countdown.
std::string step_instruction(const SessionRun& run) {
  const SessionStep& step = run.step();
  switch (step.kind) {
    case StepKind::kPrepare: return "Read the steps and get into position. Press Enter when you are ready.";
    case StepKind::kTimed: return "Keep going until the time is up.";
    case StepKind::kHold: return "Hold the position and breathe slowly.";
    case StepKind::kRest: return "Rest. Breathe out slowly and let your shoulders drop.";
    case StepKind::kSwitch: return "Change sides.";
    case StepKind::kReps: {
      const int done = run.reps_now();
      if (run.counting_by_key()) {
        return fmt::format("Rep {} of {} · press r after each rep", done, step.reps);
      }
      const std::int64_t pace = static_cast<std::int64_t>(std::max(step.seconds_per_rep, 1)) * 1000;
      const int next_in = whole_seconds(pace - run.step_elapsed_ms() % pace);
      return fmt::format("Rep {} of {} · next rep in {} s · follow the count, or press r for each rep",
                         std::min(done + 1, step.reps), step.reps, next_in);
    }
  }
  return "";
}

std::string next_step_text(const SessionRun& run, const SessionScript& script) {
  const auto next = static_cast<std::size_t>(run.step_index() + 1);
  if (next >= script.steps.size()) return "Next: the end, and two quick questions";
  const SessionStep& step = script.steps[next];
  if (step.item != run.step().item) {
    return "Next: " + script.items[static_cast<std::size_t>(step.item)].name;
  }
  return fmt::format("Next: {} ({})", step.label, clock_text(step.seconds));
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::int64_t SteadyClock::now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SteadyClock::sleep_ms(std::int64_t milliseconds) {
  if (milliseconds > 0) std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
}

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

}  // namespace

Speaker::Speaker(bool wanted) : enabled_(wanted && on_path("espeak-ng")) {}

// The last cue ("Well done") is let finish rather than cut off.
Speaker::~Speaker() {
  if (child_ > 0) waitpid(child_, nullptr, 0);
}

void Speaker::reap(bool stop) {
  if (child_ <= 0) return;
  if (stop) kill(child_, SIGTERM);
  if (waitpid(child_, nullptr, stop ? 0 : WNOHANG) != 0) child_ = -1;
}

void Speaker::say(const std::string& text) {
  if (!enabled_ || text.empty()) return;
  reap(true);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string program = "espeak-ng";
  std::string rate = "-s150";
  std::string words = text;
  char* argv[] = {program.data(), rate.data(), words.data(), nullptr};
  pid_t pid = -1;
  if (posix_spawnp(&pid, "espeak-ng", &actions, nullptr, argv, environ) == 0) child_ = pid;
  posix_spawn_file_actions_destroy(&actions);
}

std::string spoken_cue(const SessionRun& run) {
  if (run.finished()) return run.quit_early() ? "Session stopped." : "Well done. That is the session.";
  const SessionStep& step = run.step();
  switch (step.kind) {
    case StepKind::kPrepare: return "Next: " + run.item().name + ". Get ready.";
    case StepKind::kRest: return step.label + ", " + std::to_string(step.seconds) + " seconds.";
    case StepKind::kSwitch: return step.label + ".";
    case StepKind::kReps: return step.label + ". Go.";
    case StepKind::kHold: return step.label + ". Hold.";
    case StepKind::kTimed: return "Start. " + clock_text(step.seconds) + ".";
  }
  return "";
}

std::vector<std::string> render_coach_frame(const SessionRun& run, const SessionScript& script, int width,
                                            int height, const TerminalStyle& style) {
  width = std::max(width, 20);
  std::vector<std::string> lines;
  auto add = [&](const std::string& text, auto styler) {
    lines.push_back(styler(cut_to_width(style.unicode ? text : to_ascii(text), width, style.unicode)));
  };
  auto plain = [](const std::string& text) { return text; };
  auto bold = [&](const std::string& text) { return style.bold(text); };
  auto dim = [&](const std::string& text) { return style.dim(text); };
  auto accent = [&](const std::string& text) { return style.cyan(text); };

  // The keys, in the longest wording that fits: they must always be on screen.
  static const char* const kUnicodeKeys[] = {
      "space pause · Enter next · r rep · s skip item · b back · q quit",
      "space pause · Enter next · r rep · s skip · b back · q quit",
      "␣ pause · ⏎ next · r rep · s skip · b back · q quit", "␣pause ⏎next r rep s skip b back q quit",
      "␣ ⏎ r s b · q quit"};
  static const char* const kAsciiKeys[] = {
      "space pause - Enter next - r rep - s skip item - b back - q quit",
      "space pause - Enter next - r rep - s skip - b back - q quit",
      "spc pause, Enter next, r rep, s skip, b back, q quit", "spc pause  r rep  s skip  b back  q quit",
      "spc r s b  q quit"};
  std::string keys;
  for (const char* wording : style.unicode ? kUnicodeKeys : kAsciiKeys) {
    keys = wording;
    if (display_width(keys) <= width) break;
  }
  if (run.finished()) {
    add("unknot · " + script.title, bold);
    add(run.quit_early() ? "Stopped." : "Session done. Well done.", bold);
    return lines;
  }
  const SessionStep& step = run.step();
  const ScriptItem& item = run.item();

  // Header: the whole session at a glance.
  const std::string left = "unknot · " + script.title;
  const std::string right = clock_text(run.seconds_left()) + " left";
  add(left + std::string(static_cast<std::size_t>(std::max(1, width - display_width(left) - display_width(right))), ' ') + right,
      bold);
  const std::string counts = fmt::format(" {:>3.0f}% · item {} of {}", run.progress() * 100, step.item + 1,
                                         script.items.size());
  const int bar_width = std::max(10, width - display_width(counts));
  add(progress_bar(run.progress(), bar_width, style.unicode) + counts, plain);
  add("", plain);

  // The item and the step now.
  add(item.name, bold);
  add(item.dose, dim);
  add("", plain);
  add(upper(step.label), accent);
  const std::string remaining = clock_text(whole_seconds(run.step_remaining_ms()));
  const bool roomy = height >= 22 && width >= 40 && style.unicode;  // big digits need block characters
  if (step.kind == StepKind::kReps && run.counting_by_key()) {
    const std::string count = std::to_string(run.reps_now()) + ":" + std::to_string(step.reps);
    if (roomy) {
      for (const std::string& row : big_text(std::to_string(run.reps_now()))) add("  " + row, bold);
    } else {
      add(count, bold);
    }
  } else if (roomy) {
    for (const std::string& row : big_text(remaining)) add("  " + row, bold);
  } else {
    add(remaining + " left", bold);
  }
  if (run.paused()) {
    add("PAUSED · press space to carry on", [&](const std::string& text) { return style.yellow(text); });
  } else {
    // What to do now may take two lines on a narrow screen; it is never cut.
    for (const std::string& line : wrapped_lines(step_instruction(run), width)) add(line, plain);
  }
  add("", plain);

  // The card: steps, cues, stop rules. Cut from the bottom when the terminal is short;
  // the next step and the keys always stay on screen.
  std::vector<std::string> card;
  if (!item.steps.empty()) {
    card.push_back(style.bold("How"));
    for (std::size_t index = 0; index < item.steps.size(); ++index) {
      for (const std::string& line : wrapped_lines(item.steps[index], width, fmt::format(" {}. ", index + 1), "    ")) {
        card.push_back(line);
      }
    }
  }
  auto add_list = [&](const char* title, const std::vector<std::string>& entries) {
    if (entries.empty()) return;
    std::string joined;
    for (const std::string& entry : entries) joined += (joined.empty() ? "" : " · ") + entry;
    for (const std::string& line : wrapped_lines(joined, width, std::string(title) + ": ", "  ")) card.push_back(line);
  };
  add_list("Keep in mind", item.cues);
  add_list("Stop if", item.stop_if);

  const int footer = 3;  // blank, next, keys
  const int room = std::max(0, height - static_cast<int>(lines.size()) - footer);
  for (int index = 0; index < std::min(room, static_cast<int>(card.size())); ++index) {
    const std::string& line = card[static_cast<std::size_t>(index)];
    lines.push_back(style.unicode ? line : cut_to_width(to_ascii(line), width, false));
  }
  while (static_cast<int>(lines.size()) < height - 2) lines.push_back("");
  add(next_step_text(run, script), dim);
  add(keys, dim);
  if (static_cast<int>(lines.size()) > height && height > 0) {
    // A tiny terminal: keep the top (what to do now) and the keys.
    std::string last = lines.back();
    lines.resize(static_cast<std::size_t>(std::max(height - 1, 0)));
    lines.push_back(last);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------
// Full-screen mode.

namespace {

volatile std::sig_atomic_t g_resized = 0;
extern "C" void on_resize(int) { g_resized = 1; }

// Ctrl-C (or the terminal closing) during the coaching: stop like `q` does, put the terminal
// back and save what was done, instead of dying in the alternate screen with nothing saved.
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

// Catches SIGINT, SIGTERM and SIGHUP for as long as it lives (the coaching only: during the
// closing questions Ctrl-C ends the program as usual).
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    for (std::size_t index = 0; index < kSignals.size(); ++index) sigaction(kSignals[index], &action, &saved_[index]);
  }
  ~InterruptGuard() {
    for (std::size_t index = 0; index < kSignals.size(); ++index) sigaction(kSignals[index], &saved_[index], nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  static bool interrupted() { return g_interrupted != 0; }

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> saved_{};
};

// Raw keys, the alternate screen and a hidden cursor for as long as it lives; the
// terminal is put back however the session ends.
class RawTerminal {
 public:
  RawTerminal(int fd, std::ostream& out) : fd_(fd), out_(out) {
    if (tcgetattr(fd_, &saved_) == 0) {
      termios raw = saved_;
      raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
      raw.c_cc[VMIN] = 0;
      raw.c_cc[VTIME] = 0;
      active_ = tcsetattr(fd_, TCSANOW, &raw) == 0;
    }
    struct sigaction action {};
    action.sa_handler = on_resize;
    sigemptyset(&action.sa_mask);
    sigaction(SIGWINCH, &action, &saved_winch_);
    out_ << "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J" << std::flush;
  }
  ~RawTerminal() {
    out_ << "\x1b[?25h\x1b[?1049l" << std::flush;
    sigaction(SIGWINCH, &saved_winch_, nullptr);
    if (active_) tcsetattr(fd_, TCSANOW, &saved_);
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  void size(int& width, int& height) const {
    winsize ws{};
    if (ioctl(fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
      width = ws.ws_col;
      height = ws.ws_row;
    } else {
      width = 80;
      height = 24;
    }
  }

 private:
  int fd_;
  std::ostream& out_;
  termios saved_{};
  bool active_ = false;
  struct sigaction saved_winch_ {};
};

void handle_key(SessionRun& run, char key) {
  switch (key) {
    case ' ':
    case 'p': run.toggle_pause(); break;
    case '\n':
    case '\r':
    case 'n': run.next_step(); break;
    case 'r':
    case '+': run.count_rep(); break;
    case 's': run.skip_item(); break;
    case 'b': run.back(); break;
    case 'q': run.quit(); break;
    default: break;
  }
}

void announce(SessionRun& run, std::ostream& out, const CoachOptions& options, Speaker& speaker) {
  bool step_started = false;
  bool finished = false;
  for (SessionRun::Event event : run.take_events()) {
    if (event == SessionRun::Event::kStepStarted) step_started = true;
    if (event == SessionRun::Event::kFinished) finished = true;
  }
  if (!step_started && !finished) return;
  if (options.bell) out << '\a';
  speaker.say(spoken_cue(run));
}

}  // namespace

void coach_in_terminal(SessionRun& run, const SessionScript& script, int in_fd, std::ostream& out, Clock& clock,
                       const CoachOptions& options, Speaker& speaker) {
  TerminalStyle style;
  style.color = std::getenv("NO_COLOR") == nullptr;
  style.unicode = locale_is_utf8();
  RawTerminal terminal(in_fd, out);
  std::string last_frame;
  std::int64_t last = clock.now_ms();
  announce(run, out, options, speaker);
  while (!run.finished()) {
    if (InterruptGuard::interrupted()) {
      run.quit();
      break;
    }
    const std::int64_t now = clock.now_ms();
    run.elapse(static_cast<std::int64_t>(std::llround(static_cast<double>(now - last) * options.speed)));
    last = now;
    announce(run, out, options, speaker);
    if (run.finished()) break;

    int width = 80, height = 24;
    terminal.size(width, height);
    std::vector<std::string> lines = render_coach_frame(run, script, width, height, style);
    std::string frame = "\x1b[H";
    for (std::size_t index = 0; index < lines.size(); ++index) {
      frame += lines[index] + "\x1b[K" + (index + 1 < lines.size() ? "\r\n" : "");
    }
    frame += "\x1b[J";
    // Redraw only what changed, in place: no clearing, so nothing flickers.
    if (frame != last_frame || g_resized) {
      g_resized = 0;
      out << frame << std::flush;
      last_frame = std::move(frame);
    }

    pollfd waiting{in_fd, POLLIN, 0};
    const int ready = poll(&waiting, 1, 100);
    if (ready > 0 && (waiting.revents & (POLLIN | POLLHUP))) {
      char keys[32];
      const ssize_t count = read(in_fd, keys, sizeof keys);
      if (count <= 0) {
        run.quit();  // the terminal went away
        break;
      }
      for (ssize_t index = 0; index < count; ++index) {
        if (keys[index] == '\x1b') break;  // arrow keys and other escape sequences: ignored
        handle_key(run, keys[index]);
      }
      announce(run, out, options, speaker);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Line mode.

void coach_in_lines(SessionRun& run, const SessionScript& script, std::ostream& out, Clock& clock,
                    const CoachOptions& options, Speaker& speaker, const TerminalStyle& style) {
  const int step_count = static_cast<int>(script.steps.size());
  auto print_step = [&] {
    for (SessionRun::Event event : run.take_events()) {
      if (event == SessionRun::Event::kItemStarted) {
        const ScriptItem& item = run.item();
        out << "\n" << style.bold(fmt::format("{} of {}: {}", run.step().item + 1, script.items.size(), item.name))
            << "\n";
        out << wrap(item.dose, style.width, "  ", "  ");
        for (std::size_t index = 0; index < item.steps.size(); ++index) {
          out << wrap(item.steps[index], style.width, fmt::format("  {}. ", index + 1), "     ");
        }
        for (const std::string& cue : item.cues) out << wrap(cue, style.width, "  - ", "    ");
        for (const std::string& stop : item.stop_if) out << wrap("Stop if: " + stop, style.width, "  ! ", "    ");
      } else if (event == SessionRun::Event::kStepStarted) {
        const SessionStep& step = run.step();
        std::string what = step.label;
        if (step.kind == StepKind::kReps) what += fmt::format(", one every {} s", step.seconds_per_rep);
        out << fmt::format("  [{:>3.0f}%] step {} of {}: {} ({})\n", run.progress() * 100, run.step_index() + 1,
                           step_count, what, clock_text(step.seconds))
            << std::flush;
        speaker.say(spoken_cue(run));
      }
    }
  };
  print_step();
  constexpr std::int64_t kNapMs = 250;  // how soon Ctrl-C is noticed
  while (!run.finished()) {
    // Sleep to the end of this step (scaled), in naps, then let the run move on.
    const std::int64_t step_left = run.step_remaining_ms();
    const auto wall = static_cast<std::int64_t>(std::ceil(static_cast<double>(step_left) / options.speed));
    const std::int64_t nap = std::min(std::max<std::int64_t>(wall, 1), kNapMs);
    const std::int64_t before = clock.now_ms();
    clock.sleep_ms(nap);
    const std::int64_t slept = clock.now_ms() - before;
    if (InterruptGuard::interrupted()) {
      run.quit();
      break;
    }
    const auto scaled = static_cast<std::int64_t>(std::llround(static_cast<double>(slept) * options.speed));
    run.elapse(nap < wall ? std::min(scaled, step_left - 1) : std::max(step_left, scaled));
    print_step();
  }
  run.take_events();
}

// ---------------------------------------------------------------------------------------
// The whole flow.


Result<SessionOutcome> run_guided_session(std::istream& in, std::ostream& out, int terminal_fd,
                                          const SessionScript& script, const Catalogue& catalogue,
                                          const std::optional<Intake>& person, const std::string& now,
                                          Clock& clock, const CoachOptions& options, const TerminalStyle& style) {
  Asker ask(in, out, style);
  ask.echo_answers(terminal_fd < 0);
  SessionOutcome outcome;
  try {
    out << style.bold(fmt::format("{} · about {} min", script.title, (script.total_seconds + 59) / 60)) << "\n";
    ask.say("Before you start, a quick safety check.");
    const std::vector<IntakeOption> check = session_check_options();
    auto chosen = ask.checklist("Do you have any of these right now, or are any of them new?", check);
    if (!chosen.empty()) {
      Intake screened = intake_for_screening(person);
      for (const IntakeOption* option : chosen) {
        screened.symptoms.insert(option->value);
        DiaryEntry entry;
        entry.at = now;
        entry.type = EntryType::kSymptom;
        entry.symptom = option->value;
        outcome.entries.push_back(entry);
      }
      Triage result = triage(screened, catalogue.safety);
      out << "\n" << render_triage(result, catalogue, style) << "\n";
      out << wrap("No session today: these signs need checking before any exercise. Your answers are in "
                  "the diary.",
                  style.width);
      outcome.stopped_for_safety = true;
      return outcome;
    }
    ask.say(fmt::format("Stop at any time if {}", std::string(kStopRule).substr(std::string("Stop if ").size())));
    if (terminal_fd >= 0) {
      ask.question("Press Enter to begin.");
      out << "> " << std::flush;
      ask.line();
    }

    SessionRun run(script);
    Speaker speaker(options.speak);
    if (options.speak && !speaker.enabled()) {
      out << wrap("(--speak: espeak-ng is not installed, so the cues are shown but not spoken.)", style.width);
    }
    bool interrupted = false;
    {
      InterruptGuard guard;
      if (terminal_fd >= 0) {
        coach_in_terminal(run, script, terminal_fd, out, clock, options, speaker);
      } else {
        coach_in_lines(run, script, out, clock, options, speaker, style);
      }
      interrupted = InterruptGuard::interrupted();
    }
    if (interrupted) {
      // No closing questions after Ctrl-C: save what the coach saw done, as not completed.
      DiaryEntry entry;
      entry.at = now;
      entry.type = EntryType::kSession;
      entry.session = script.session;
      entry.completed = false;
      for (std::size_t index = 0; index < script.items.size(); ++index) {
        if (!run.results()[index].done) continue;
        SessionItemDone done{script.items[index].technique, std::nullopt};
        if (run.results()[index].reps > 0) done.reps = run.results()[index].reps;
        entry.items.push_back(done);
      }
      outcome.entries.push_back(entry);
      out << "\n" << wrap("Session stopped. What you did is saved to your diary as a partial session.", style.width);
      return outcome;
    }

    out << "\n" << style.bold(run.quit_early() ? "Session stopped. What you did still counts." : "Session done. Well done.")
        << "\n";
    DiaryEntry entry;
    entry.at = now;
    entry.type = EntryType::kSession;
    entry.session = script.session;
    const int worst = static_cast<int>(
        *ask.number("What was the worst pain during the session, 0 (none) to 10 (worst)?", 0, 10, true,
                    std::nullopt, false));
    entry.pain_during = worst;

    // Which items were done: what the coach saw, for the person to confirm or correct.
    std::vector<IntakeOption> item_options;
    for (const ScriptItem& item : script.items) item_options.push_back({item.name.c_str(), "", nullptr});
    std::string seen;
    for (std::size_t index = 0; index < script.items.size(); ++index) {
      if (run.results()[index].done) seen += (seen.empty() ? "" : " ") + std::to_string(index + 1);
    }
    std::vector<const IntakeOption*> done_options;
    for (std::size_t index = 0; index < item_options.size(); ++index) {
      if (run.results()[index].done) done_options.push_back(&item_options[index]);
    }
    auto typed = ask.checklist("Which items did you do?", item_options,
                               seen.empty() ? "none" : "the ones the coach saw finished (" + seen + ")");
    if (!typed.empty()) done_options = typed;
    for (const IntakeOption* option : done_options) {
      const auto index = static_cast<std::size_t>(option - item_options.data());
      SessionItemDone done;
      done.technique = script.items[index].technique;
      if (run.results()[index].reps > 0) done.reps = run.results()[index].reps;
      entry.items.push_back(done);
    }
    entry.completed = done_options.size() == script.items.size() && !run.quit_early();
    outcome.entries.push_back(entry);

    if (worst > 5) {
      ask.say("That is more than the pain-monitoring model allows (5/10). Next time, do less: fewer reps, "
              "a smaller range, or the easier variant, and note how it feels tomorrow morning.");
    }
    ask.say("Saved to your diary. Tomorrow morning `unknot checkin` asks how the knot feels: that answer "
            "decides whether the next session goes up, stays, or eases off.");
  } catch (const OutOfAnswers&) {
    return Error::bad_input("the answers ran out before the session's questions were done (expected one answer "
                            "per line on standard input)");
  }
  return outcome;
}

}  // namespace unknot::cli
