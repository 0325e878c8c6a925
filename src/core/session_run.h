// A guided session as it runs: which step is on, how long it has left, reps counted,
// pause, skip, back, quit, and what was done. Pure: it never reads a clock; the caller
// says how much time passed (`elapse`), so tests drive whole sessions with a fake clock
// and `--speed` is only a multiplier in the caller.
#pragma once

#include <cstdint>
#include <vector>

#include "core/session_script.h"

namespace unknot {

class SessionRun {
 public:
  enum class Event { kStepStarted, kItemStarted, kPaused, kResumed, kFinished };

  struct ItemResult {
    bool done = false;     // every step of the item completed
    bool skipped = false;  // the person skipped it
    int reps = 0;          // reps counted (by key, or by the paced count)
  };

  // `script` must outlive the run.
  explicit SessionRun(const SessionScript& script);

  // Time passing while the session runs (ignored while paused or finished). Crosses as
  // many steps as the time covers.
  void elapse(std::int64_t milliseconds);

  void toggle_pause();
  // One rep done, counted by the person: from then on this step ends when their count
  // reaches the target (or they move on), not when the pace clock runs out.
  void count_rep();
  // This step is done early (ready before the get-ready time is up, a hold held long enough).
  void next_step();
  // Skip the rest of the current item.
  void skip_item();
  // Back to the start of this step, or, within its first 3 seconds, to the previous step.
  void back();
  void quit();

  bool finished() const { return finished_; }
  bool quit_early() const { return quit_; }
  bool paused() const { return paused_; }
  // Whether every item was done in full.
  bool completed() const;

  int step_index() const { return step_; }
  const SessionStep& step() const;
  const ScriptItem& item() const;
  std::int64_t step_elapsed_ms() const { return in_step_ms_; }
  std::int64_t step_remaining_ms() const;
  // Reps so far in the current step (0 when it is not a reps step).
  int reps_now() const;
  bool counting_by_key() const { return keyed_; }
  // Share of the session's planned time that is behind, 0..1.
  double progress() const;
  int seconds_left() const;

  const std::vector<ItemResult>& results() const { return results_; }
  // Events since the last call, oldest first (for the bell and spoken cues).
  std::vector<Event> take_events();

 private:
  void start_step(int index);
  void complete_step();
  void finish();
  void recount_item(int item);

  const SessionScript& script_;
  int step_ = 0;
  std::int64_t in_step_ms_ = 0;
  bool paused_ = false;
  bool finished_ = false;
  bool quit_ = false;
  bool keyed_ = false;
  int keyed_reps_ = 0;
  std::vector<bool> step_done_;
  std::vector<int> step_reps_;
  std::vector<ItemResult> results_;
  std::vector<Event> events_;
};

}  // namespace unknot
