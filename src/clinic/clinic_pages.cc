#include "clinic/clinic_pages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/insights.h"
#include "report/report.h"
#include "web/charts.h"

namespace unknot::clinic {
namespace {

std::string frame(std::string_view title, const Html& body, bool signed_in, const std::string& csrf) {
  Html html;
  html.tag("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
      .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .tag("<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
      .text(title)
      .tag(" · unknot clinic</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n")
      .tag("<link rel=\"stylesheet\" href=\"/assets/clinic.css\">\n<link rel=\"icon\" href=\"/assets/icon.svg\">\n")
      .tag("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">")
      .tag("<p class=\"brand\">unknot <span>clinic</span></p>");
  if (signed_in) {
    html.tag("<nav aria-label=\"Main\"><ul><li><a href=\"/patients\">Patients</a></li>")
        .tag("<li><a href=\"/audit\">Your audit log</a></li></ul></nav>")
        .tag("<form method=\"post\" action=\"/logout\" class=\"signout\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .text(csrf)
        .tag("\"><button type=\"submit\">Sign out</button></form>");
  }
  html.tag("</header>\n<main id=\"main\">\n<h1>").text(title).tag("</h1>\n").append(body).tag("\n</main>\n</body>\n</html>\n");
  return html.str();
}

std::string level_words(Level level) {
  switch (level) {
    case Level::kEmergency: return "Emergency: the answers point to an emergency";
    case Level::kUrgent: return "Urgent: should see a doctor within a day or two";
    case Level::kSeeProfessional: return "See a professional: gentle self-care may go on";
    case Level::kSelfCare: return "Self-care: no warning signs in the answers";
  }
  return "";
}

// The level in a few words, for the list's warning-sign reason.
std::string_view level_short(Level level) {
  switch (level) {
    case Level::kEmergency: return "emergency";
    case Level::kUrgent: return "urgent";
    case Level::kSeeProfessional: return "see a professional";
    case Level::kSelfCare: return "self-care";
  }
  return "";
}

std::string verdict_words(const std::string& verdict) {
  if (verdict == "meaningful_improvement") return "Meaningful improvement";
  if (verdict == "slight_improvement") return "Slight improvement";
  if (verdict == "no_change") return "No change";
  if (verdict == "worse") return "Worse";
  return "Not enough data yet";
}

std::string next_step_words(const std::string& step) {
  if (step == "progress") return "Progress the strength work";
  if (step == "hold") return "Hold the current doses";
  if (step == "regress") return "Ease the strength work back";
  if (step == "rescreen") return "Re-screen: a warning sign was logged";
  if (step == "see_professional") return "See a professional";
  return step;
}

// A review reason as the clinician reads it: about the patient, not to them. The person's
// own words (ReviewReason::says) speak to the person ("your morning pain ..."); the codes are
// the review's closed list (core/review.cc, docs/review-rules.md).
std::string review_reason_for_clinician(const ReviewReason& reason) {
  const std::string& code = reason.code;
  if (code == "red_flag_symptom_logged") {
    return "A warning sign was logged in the last two weeks; the app asks the patient to answer the safety "
           "questions again before the next session.";
  }
  if (code == "not_working_at_week_4") {
    return "After 4 weeks, morning pain is no better than in the first week: the app advises seeing a GP or "
           "physiotherapist.";
  }
  if (code == "too_much_load") {
    return "A session in the last week hurt more than 5/10, or the next morning was worse than usual: the app "
           "suggests doing about a third less.";
  }
  if (code == "ready_to_progress") {
    return "The last two sessions were done in full with pain at 3/10 or less and no worse the next morning: "
           "the app suggests about 10% more reps.";
  }
  if (code == "hold") return "The app keeps the current doses: no sessions yet, or no clear pattern in session pain.";
  if (code == "meaningful_improvement") return "Weekly morning pain has dropped by a clinically meaningful amount.";
  if (code == "below_target") return "Fewer strength sessions than planned.";
  return reason.says;
}

// "Morning pain: 4 out of 10", "Warning sign: A fever (feeling hot ...)": the words of the
// person's own report (report::describe_entry), never the stored keys.
std::string entry_summary(const DiaryEntry& entry) {
  const report::DiaryRow row = report::describe_entry(entry);
  return row.detail.empty() ? row.what : row.what + ": " + row.detail;
}

// The charts' window, as in the person's own app: the last 12 weeks.
constexpr int kChartDays = 12 * 7;

// "2026-03-02 07:30" for "2026-03-02T07:30:00"; a date alone stays as it is.
std::string when_words(const std::string& at) {
  if (at.size() < 16) return at;
  return at.substr(0, 10) + " " + at.substr(11, 5);
}

}  // namespace

std::string page_frame(std::string_view title, const Html& body, const std::string& csrf) {
  return frame(title, body, true, csrf);
}

std::string reason_words(Attention reason, const NeedSummary& need) {
  std::string words(describe(reason));
  if (reason != Attention::kWarningSign) return words;
  if (need.warning_sign_on) words += " on " + *need.warning_sign_on;
  if (need.screen_level) words += " (safety screen: " + std::string(level_short(*need.screen_level)) + ")";
  return words;
}

std::string problem_page(int status, const std::string& message) {
  Html body;
  body.tag("<p class=\"problem\">").text(message).tag("</p>\n<p><a href=\"/patients\">Back to your patients</a></p>");
  return frame(status == 404 ? "Not found" : "Something went wrong", body, false, "");
}

std::string login_page(const std::string& error, const std::string& email) {
  Html body;
  if (!error.empty()) body.tag("<p class=\"problem\" role=\"alert\">").text(error).tag("</p>\n");
  body.tag("<form method=\"post\" action=\"/login\" class=\"login\">\n")
      .tag("<p><label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"")
      .text(email)
      .tag("\"></p>\n<p><label for=\"password\">Password</label>")
      .tag("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>\n")
      .tag("<p><button type=\"submit\">Sign in</button></p>\n</form>");
  return frame("Sign in", body, false, "");
}

std::string patients_page(const Clinician& clinician, const std::string& csrf, const std::vector<PatientRow>& rows,
                          const std::string& filter) {
  Html body;
  body.tag("<p>Signed in as ").text(clinician.display_name).tag(". Patients most in need of attention come first.</p>\n");
  body.tag("<form method=\"get\" action=\"/patients\" class=\"filter\"><label for=\"attention\">Show</label> ")
      .tag("<select id=\"attention\" name=\"attention\"><option value=\"\">everyone</option>");
  for (Attention reason : kAllAttention) {
    body.tag("<option value=\"").text(to_string(reason)).tag("\"");
    if (filter == to_string(reason)) body.tag(" selected");
    body.tag(">").text(describe(reason)).tag("</option>");
  }
  body.tag("</select> <button type=\"submit\">Filter</button></form>\n");
  int shown = 0;
  body.tag("<table class=\"patients\"><caption>Your patients</caption>\n<thead><tr><th scope=\"col\">Name</th>")
      .tag("<th scope=\"col\">Needs attention</th><th scope=\"col\">Last entry</th>")
      .tag("<th scope=\"col\">Days with data (last 30)</th><th scope=\"col\">Entries</th></tr></thead>\n<tbody>\n");
  for (const PatientRow& row : rows) {
    ++shown;
    body.tag("<tr><th scope=\"row\"><a href=\"/patients/").text(row.summary.id).tag("\">").text(row.summary.display_name).tag("</a>");
    if (!row.summary.linked) body.tag(" <span class=\"muted\">(not linked yet)</span>");
    // data-label: the column's name, shown beside the value when a phone stacks the row.
    body.tag("</th><td data-label=\"Needs attention\">");
    if (row.need.attention.empty()) body.tag("<span class=\"muted\">Nothing to act on</span>");
    for (std::size_t i = 0; i < row.need.attention.size(); ++i) {
      if (i == 0) body.tag("<span class=\"attention\">");
      else body.tag("<br><span>");
      body.text(reason_words(row.need.attention[i], row.need)).tag("</span>");
    }
    body.tag("</td><td data-label=\"Last entry\">")
        .text(row.summary.last_entry_at ? when_words(*row.summary.last_entry_at) : "none yet")
        .tag("</td><td data-label=\"Days with data (last 30)\">").text(std::to_string(row.need.days_with_data_last_30))
        .tag("</td><td data-label=\"Entries\">");
    body.text(std::to_string(row.summary.entries)).tag("</td></tr>\n");
  }
  body.tag("</tbody></table>\n");
  if (shown == 0) body.tag("<p>No patients to show.</p>\n");
  body.tag("<h2>Add a patient</h2>\n<form method=\"post\" action=\"/patients\">")
      .tag("<input type=\"hidden\" name=\"csrf\" value=\"").text(csrf).tag("\">")
      .tag("<p><label for=\"display_name\">Name as you want to see it</label>")
      .tag("<input type=\"text\" id=\"display_name\" name=\"display_name\" required maxlength=\"200\"></p>")
      .tag("<p><button type=\"submit\">Add and get a link code</button></p></form>");
  return frame("Patients", body, true, csrf);
}

std::string link_code_page(const std::string& csrf, const std::string& name, const NewPatient& code,
                           const std::string& server_url) {
  Html body;
  body.tag("<p>Give this code to ").text(name).tag(". It works once, until ").text(code.expires_at).tag(" (UTC).</p>\n")
      .tag("<p class=\"code\"><code>").text(code.link_code).tag("</code></p>\n")
      .tag("<p>On their computer, they type:</p>\n<pre><code>unknot clinic link ")
      .text(server_url).tag(" ").text(code.link_code).tag("</code></pre>\n")
      .tag("<p>After that, their diary and answers reach you each time they log something or run ")
      .tag("<code>unknot clinic sync</code>.</p>\n<p><a href=\"/patients/").text(code.id)
      .tag("\">Open ").text(name).tag("'s page</a> · <a href=\"/patients\">All patients</a></p>");
  return frame("Link code", body, true, csrf);
}

std::string patient_page_body(const PatientPage& patient) {
  Html body;
  const Review& review = patient.review;
  body.tag("<p class=\"actions\"><a href=\"/patients/").text(patient.summary.id).tag("/prescription\">Prescription and custom exercises</a></p>\n");
  if (!patient.attention.empty()) {
    NeedSummary need;
    need.warning_sign_on = newest_warning_sign(patient.entries, patient.today);
    if (patient.screen) need.screen_level = patient.screen->level;
    body.tag("<section aria-labelledby=\"attention\"><h2 id=\"attention\">Needs attention</h2><ul class=\"attention\">");
    for (Attention reason : patient.attention) body.tag("<li>").text(reason_words(reason, need)).tag("</li>");
    body.tag("</ul></section>\n");
  }
  body.tag("<section aria-labelledby=\"glance\"><h2 id=\"glance\">At a glance</h2><dl class=\"review\">")
      .tag("<dt>Days with data in the last 30</dt><dd>").text(std::to_string(patient.days_with_data_last_30))
      .tag("</dd><dt>Last entry</dt><dd>")
      .text(patient.summary.last_entry_at ? when_words(*patient.summary.last_entry_at) : "none yet")
      .tag("</dd><dt>Entries synced</dt><dd>").text(std::to_string(patient.summary.entries)).tag("</dd></dl>")
      .tag("<p>Downloads for this patient: <a href=\"/patients/").text(patient.summary.id)
      .tag("/report.html\" download>the report</a> · <a href=\"/patients/").text(patient.summary.id)
      .tag("/fhir.json\" download>the FHIR bundle</a></p></section>\n");
  body.tag("<section aria-labelledby=\"safety\"><h2 id=\"safety\">Safety screen</h2>");
  if (patient.screen) {
    body.tag("<p>At intake: ").text(level_words(patient.screen->level)).tag(".</p>");
    if (!patient.screen->reasons.empty()) {
      body.tag("<ul>");
      for (const auto& reason : patient.screen->reasons) body.tag("<li>").text(reason.says).tag("</li>");
      body.tag("</ul>");
    }
    if (patient.level_with_logged_signs && *patient.level_with_logged_signs != patient.screen->level) {
      body.tag("<p>With the warning signs logged since: ").text(level_words(*patient.level_with_logged_signs)).tag(".</p>");
    }
  } else {
    body.tag("<p>The patient's answers to the first questions have not been synced yet.</p>");
  }
  std::vector<const DiaryEntry*> symptoms;
  for (const DiaryEntry& entry : patient.entries) {
    if (entry.type == EntryType::kSymptom) symptoms.push_back(&entry);
  }
  if (!symptoms.empty()) {
    body.tag("<p>Warning symptoms logged, over time:</p><ul>");
    for (const DiaryEntry* entry : symptoms) {
      body.tag("<li>").text(when_words(entry->at)).tag(": ").text(report::describe_entry(*entry).detail).tag("</li>");
    }
    body.tag("</ul>");
  }
  body.tag("</section>\n<section aria-labelledby=\"review\"><h2 id=\"review\">Review</h2><dl class=\"review\">")
      .tag("<dt>Verdict</dt><dd>").text(verdict_words(review.verdict)).tag("</dd>")
      .tag("<dt>Next step</dt><dd>").text(next_step_words(review.next_step)).tag("</dd>")
      .tag("<dt>Weeks in the programme</dt><dd>").number(review.weeks_in_program, 1).tag("</dd>");
  if (review.baseline.mean_nprs) {
    body.tag("<dt>First week, mean morning pain</dt><dd>").number(*review.baseline.mean_nprs, 1).tag("/10</dd>");
  }
  if (review.current.mean_nprs) {
    body.tag("<dt>Last 7 days, mean morning pain</dt><dd>").number(*review.current.mean_nprs, 1).tag("/10</dd>");
  }
  body.tag("<dt>Strength sessions a week</dt><dd>").number(review.strength_sessions_per_week, 1)
      .tag(" (plan: ").text(std::to_string(review.target_per_week)).tag(")</dd></dl>");
  if (!review.reasons.empty()) {
    body.tag("<p>Why:</p><ul>");
    for (const auto& reason : review.reasons) body.tag("<li>").text(review_reason_for_clinician(reason)).tag("</li>");
    body.tag("</ul>");
  }
  // The same charts as the person's own app, from the same code, over the same 12 weeks.
  if (!patient.entries.empty()) {
    const int from = std::max(review.as_of - kChartDays + 1, review.first_day.value_or(review.as_of));
    body.tag("<figure class=\"chart\">")
        .escaped_fragment(web::pain_trend_svg(web::pain_trend(patient.entries, from, review.as_of, review)))
        .tag("<figcaption>Morning pain by week against the first week; the shaded band is a meaningful change")
        .tag("</figcaption></figure>");
  }
  body.tag("</section>\n");
  if (!patient.entries.empty()) {
    const Insights insights = build_insights(patient.entries, review.as_of);
    body.tag("<section aria-labelledby=\"sessions\"><h2 id=\"sessions\">Sessions against the plan</h2>")
        .tag("<figure class=\"chart\">")
        .escaped_fragment(web::sessions_per_week_svg(insights.weeks, review.target_per_week, review.first_day))
        .tag("<figcaption>Sessions per week (strength sessions darker) against the plan's ")
        .text(std::to_string(review.target_per_week)).tag(" strength sessions a week</figcaption></figure>")
        .tag("<table class=\"diary\"><caption>Pain during sessions, by week</caption><thead><tr>")
        .tag("<th scope=\"col\">Week of</th><th scope=\"col\">Strength sessions (plan ")
        .text(std::to_string(review.target_per_week))
        .tag(")</th><th scope=\"col\">Highest pain during a session</th></tr></thead><tbody>");
    for (const WeekAdherence& week : insights.weeks) {
      if (review.first_day && week.monday + 6 < *review.first_day) continue;
      std::optional<int> highest;
      for (const DiaryEntry& entry : patient.entries) {
        const auto day = day_number(entry.at);
        if (entry.type == EntryType::kSession && entry.pain_during && day && *day >= week.monday && *day < week.monday + 7) {
          highest = std::max(highest.value_or(*entry.pain_during), *entry.pain_during);
        }
      }
      body.tag("<tr><td>").text(iso_date(week.monday)).tag("</td><td>").text(std::to_string(week.strength_sessions))
          .tag("</td><td>").text(highest ? std::to_string(*highest) + "/10" : "none logged").tag("</td></tr>");
    }
    body.tag("</tbody></table></section>\n");
  }
  body.tag("<section aria-labelledby=\"diary\"><h2 id=\"diary\">Diary (newest first)</h2>");
  if (patient.entries.empty()) {
    body.tag("<p>Nothing synced yet.</p>");
  } else {
    body.tag("<table class=\"diary\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th></tr></thead><tbody>");
    for (auto it = patient.entries.rbegin(); it != patient.entries.rend(); ++it) {
      body.tag("<tr><td>").text(when_words(it->at)).tag("</td><td>").text(entry_summary(*it)).tag("</td></tr>");
    }
    body.tag("</tbody></table>");
  }
  body.tag("</section>\n");
  return body.str();
}

std::string patient_page(const std::string& csrf, const PatientSummary& summary, const std::string& body) {
  Html page;
  // The content as rendered (patient_page_body: every value went in through Html::text), then
  // the form that carries this session's token.
  page.escaped_fragment(body)
      .tag("<form method=\"post\" action=\"/patients/").text(summary.id)
      .tag("/link-code\"><input type=\"hidden\" name=\"csrf\" value=\"").text(csrf)
      .tag("\"><button type=\"submit\">New link code</button></form>");
  return frame(summary.display_name, page, true, csrf);
}

std::string patient_page(const std::string& csrf, const PatientPage& patient) {
  return patient_page(csrf, patient.summary, patient_page_body(patient));
}

PatientPageCache::PatientPageCache(std::size_t capacity) : capacity_(capacity) {}

std::shared_ptr<const std::string> PatientPageCache::find(const std::string& patient_id, const Key& key) {
  std::lock_guard lock(mutex_);
  const auto found = slots_.find(patient_id);
  if (found == slots_.end() || !(found->second.key == key)) return nullptr;
  recency_.splice(recency_.begin(), recency_, found->second.recency);
  return found->second.body;
}

void PatientPageCache::put(const std::string& patient_id, const Key& key, std::shared_ptr<const std::string> body) {
  std::lock_guard lock(mutex_);
  if (capacity_ == 0) return;
  if (const auto found = slots_.find(patient_id); found != slots_.end()) {
    recency_.erase(found->second.recency);
    slots_.erase(found);
  }
  while (slots_.size() >= capacity_ && !recency_.empty()) {
    slots_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(patient_id);
  slots_.emplace(patient_id, Slot{key, std::move(body), recency_.begin()});
}

}  // namespace unknot::clinic

namespace unknot::clinic {

std::string audit_page(const Clinician& clinician, const std::string& csrf, const std::vector<AuditEntry>& entries) {
  Html body;
  body.tag("<p>Everything you, ").text(clinician.display_name)
      .tag(", read or changed of your patients' data, newest first. Only you see this list.</p>\n");
  if (entries.empty()) {
    body.tag("<p>Nothing yet.</p>");
    return frame("Your audit log", body, true, csrf);
  }
  body.tag("<table class=\"diary\"><caption>Your audit log</caption><thead><tr><th scope=\"col\">When (UTC)</th>")
      .tag("<th scope=\"col\">What</th><th scope=\"col\">Patient</th></tr></thead><tbody>");
  for (const AuditEntry& entry : entries) {
    body.tag("<tr><td>").text(when_words(entry.at)).tag("</td><td>").text(describe(entry.action)).tag("</td><td>");
    if (entry.patient_name && entry.patient_id) {
      body.tag("<a href=\"/patients/").text(*entry.patient_id).tag("\">").text(*entry.patient_name).tag("</a>");
    } else if (entry.patient_id) {
      body.text("no longer on your list");
    } else {
      body.tag("<span class=\"muted\">")
          .text(entry.action == AuditAction::kListPatients ? "all your patients"
                : entry.action == AuditAction::kAddPatient ? "a new patient"
                                                            : "")
          .tag("</span>");
    }
    body.tag("</td></tr>");
  }
  body.tag("</tbody></table>");
  if (entries.size() == static_cast<std::size_t>(kAuditPage)) {
    body.tag("<p><a href=\"/audit?before=").text(std::to_string(entries.back().id)).tag("\">Older entries</a></p>");
  }
  return frame("Your audit log", body, true, csrf);
}

}  // namespace unknot::clinic
