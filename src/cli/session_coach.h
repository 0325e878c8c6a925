// `unknot session`: a coach that counts for you. Runs a SessionRun (core/session_run.h)
// either full-screen in an ANSI terminal (countdowns, rep counter, progress bar, keys for
// pause, next, rep, skip, back and quit; redrawn in place, following resizes) or in plain
// line mode when there is no terminal (one line per step, advancing on its own clock).
// Time comes from a Clock so tests run whole sessions on a fake one.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/terminal.h"
#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/result.h"
#include "core/session_run.h"
#include "core/session_script.h"

namespace unknot::cli {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() = 0;
  virtual void sleep_ms(std::int64_t milliseconds) = 0;
};

// std::chrono::steady_clock.
class SteadyClock : public Clock {
 public:
  std::int64_t now_ms() override;
  void sleep_ms(std::int64_t milliseconds) override;
};

// Spoken cues through espeak-ng, when it is installed. Never blocks the session: each cue
// is a short-lived child process and a newer cue cuts an older one off.
class Speaker {
 public:
  explicit Speaker(bool wanted);
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;
  bool enabled() const { return enabled_; }
  void say(const std::string& text);

 private:
  void reap(bool stop);
  bool enabled_ = false;
  int child_ = -1;
};

struct CoachOptions {
  double speed = 1.0;  // clocks run this many times faster (demonstrations and tests)
  bool bell = true;    // terminal bell at each step
  bool speak = false;  // spoken cues (espeak-ng)
};

// One frame of the full-screen coach: exactly `height` lines (or fewer when the terminal
// is tiny), none wider than `width` columns once styling is removed.
std::vector<std::string> render_coach_frame(const SessionRun& run, const SessionScript& script, int width,
                                            int height, const TerminalStyle& style);

// What the coach says aloud when a step starts.
std::string spoken_cue(const SessionRun& run);

// Runs the session full-screen on the terminal at `in_fd` / `out` until it finishes or
// the person quits.
void coach_in_terminal(SessionRun& run, const SessionScript& script, int in_fd, std::ostream& out, Clock& clock,
                       const CoachOptions& options, Speaker& speaker);

// Runs the session in line mode: prints each item and step as it starts and lets the
// clock run (line mode has no keys to press).
void coach_in_lines(SessionRun& run, const SessionScript& script, std::ostream& out, Clock& clock,
                    const CoachOptions& options, Speaker& speaker, const TerminalStyle& style);

struct SessionOutcome {
  bool stopped_for_safety = false;
  std::vector<DiaryEntry> entries;  // to store: the session entry, or the symptoms that stopped it
};

// The whole flow of `unknot session`: the safety re-check, the coach (terminal when
// `terminal_fd` >= 0, else line mode), and the closing questions (pain during the
// session, which items were done). Answers are read line by line from `in`.
Result<SessionOutcome> run_guided_session(std::istream& in, std::ostream& out, int terminal_fd,
                                          const SessionScript& script, const Catalogue& catalogue,
                                          const std::optional<Intake>& person, const std::string& now,
                                          Clock& clock, const CoachOptions& options, const TerminalStyle& style);

}  // namespace unknot::cli
