#include "core/session_run.h"

#include <algorithm>

namespace unknot {
namespace {

constexpr std::int64_t kBackGraceMs = 3000;

std::int64_t step_ms(const SessionStep& step) { return static_cast<std::int64_t>(step.seconds) * 1000; }

}  // namespace

SessionRun::SessionRun(const SessionScript& script)
    : script_(script),
      step_done_(script.steps.size(), false),
      step_reps_(script.steps.size(), 0),
      results_(script.items.size()) {
  if (script_.steps.empty()) {
    finish();
    return;
  }
  start_step(0);
}

const SessionStep& SessionRun::step() const {
  return script_.steps[static_cast<std::size_t>(std::min<int>(step_, static_cast<int>(script_.steps.size()) - 1))];
}

const ScriptItem& SessionRun::item() const { return script_.items[static_cast<std::size_t>(step().item)]; }

void SessionRun::start_step(int index) {
  const bool new_item = index == 0 || script_.steps[static_cast<std::size_t>(index)].item !=
                                          script_.steps[static_cast<std::size_t>(step_)].item;
  step_ = index;
  in_step_ms_ = 0;
  keyed_ = false;
  keyed_reps_ = 0;
  if (new_item) events_.push_back(Event::kItemStarted);
  events_.push_back(Event::kStepStarted);
}

void SessionRun::recount_item(int item) {
  ItemResult& result = results_[static_cast<std::size_t>(item)];
  const ScriptItem& scripted = script_.items[static_cast<std::size_t>(item)];
  bool all_done = true;
  int reps = 0;
  for (int index = scripted.first_step; index < scripted.first_step + scripted.step_count; ++index) {
    all_done = all_done && step_done_[static_cast<std::size_t>(index)];
    reps += step_reps_[static_cast<std::size_t>(index)];
  }
  result.done = all_done && !result.skipped;
  result.reps = reps;
}

void SessionRun::complete_step() {
  const auto index = static_cast<std::size_t>(step_);
  step_done_[index] = true;
  step_reps_[index] = reps_now();
  recount_item(step().item);
  if (step_ + 1 >= static_cast<int>(script_.steps.size())) {
    finish();
    return;
  }
  start_step(step_ + 1);
}

void SessionRun::finish() {
  if (finished_) return;
  finished_ = true;
  paused_ = false;
  events_.push_back(Event::kFinished);
}

void SessionRun::elapse(std::int64_t milliseconds) {
  while (milliseconds > 0 && !finished_ && !paused_) {
    if (keyed_) {  // the person's count ends this step, not the clock
      in_step_ms_ += milliseconds;
      return;
    }
    const std::int64_t remaining = step_ms(step()) - in_step_ms_;
    if (milliseconds < remaining) {
      in_step_ms_ += milliseconds;
      return;
    }
    milliseconds -= std::max<std::int64_t>(remaining, 0);
    in_step_ms_ = step_ms(step());
    complete_step();
  }
}

void SessionRun::toggle_pause() {
  if (finished_) return;
  paused_ = !paused_;
  events_.push_back(paused_ ? Event::kPaused : Event::kResumed);
}

void SessionRun::count_rep() {
  if (finished_ || step().kind != StepKind::kReps) return;
  if (!keyed_) {
    keyed_ = true;
    keyed_reps_ = 0;
  }
  ++keyed_reps_;
  if (keyed_reps_ >= step().reps) complete_step();
}

void SessionRun::next_step() {
  if (finished_) return;
  complete_step();
}

void SessionRun::skip_item() {
  if (finished_) return;
  const int item = step().item;
  const auto index = static_cast<std::size_t>(step_);
  step_reps_[index] = reps_now();
  results_[static_cast<std::size_t>(item)].skipped = true;
  recount_item(item);
  const ScriptItem& scripted = script_.items[static_cast<std::size_t>(item)];
  const int next = scripted.first_step + scripted.step_count;
  if (next >= static_cast<int>(script_.steps.size())) {
    finish();
    return;
  }
  start_step(next);
}

void SessionRun::back() {
  if (finished_) return;
  int target = step_;
  if (in_step_ms_ < kBackGraceMs && step_ > 0) target = step_ - 1;
  // Going back means doing those steps again: forget what they recorded.
  for (int index = target; index <= step_; ++index) {
    step_done_[static_cast<std::size_t>(index)] = false;
    step_reps_[static_cast<std::size_t>(index)] = 0;
  }
  const int item = script_.steps[static_cast<std::size_t>(target)].item;
  results_[static_cast<std::size_t>(item)].skipped = false;
  recount_item(item);
  if (target != step_) {
    start_step(target);
  } else {
    in_step_ms_ = 0;
    keyed_ = false;
    keyed_reps_ = 0;
    events_.push_back(Event::kStepStarted);
  }
}

void SessionRun::quit() {
  if (finished_) return;
  quit_ = true;
  step_reps_[static_cast<std::size_t>(step_)] = reps_now();
  recount_item(step().item);
  finish();
}

bool SessionRun::completed() const {
  return !quit_ && std::all_of(results_.begin(), results_.end(), [](const ItemResult& r) { return r.done; });
}

std::int64_t SessionRun::step_remaining_ms() const {
  if (finished_) return 0;
  return std::max<std::int64_t>(step_ms(step()) - in_step_ms_, 0);
}

int SessionRun::reps_now() const {
  if (script_.steps.empty()) return 0;
  const SessionStep& current = step();
  if (current.kind != StepKind::kReps) return 0;
  if (keyed_) return keyed_reps_;
  const std::int64_t pace = static_cast<std::int64_t>(std::max(current.seconds_per_rep, 1)) * 1000;
  return static_cast<int>(std::min<std::int64_t>(in_step_ms_ / pace, current.reps));
}

int SessionRun::seconds_left() const {
  if (finished_) return 0;
  std::int64_t ms = step_remaining_ms();
  for (std::size_t index = static_cast<std::size_t>(step_) + 1; index < script_.steps.size(); ++index) {
    ms += step_ms(script_.steps[index]);
  }
  return static_cast<int>((ms + 999) / 1000);
}

double SessionRun::progress() const {
  if (finished_ || script_.total_seconds <= 0) return 1.0;
  const double left = seconds_left();
  return std::clamp(1.0 - left / script_.total_seconds, 0.0, 1.0);
}

std::vector<SessionRun::Event> SessionRun::take_events() {
  std::vector<Event> out;
  out.swap(events_);
  return out;
}

}  // namespace unknot
