#include "clinic/clinic_pages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/charts.h"

namespace unknot::clinic {
namespace {

std::string frame(std::string_view title, std::string_view body, bool signed_in, const std::string& csrf) {
  Html html;
  html.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
      .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .raw("<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
      .text(title)
      .raw(" · unknot clinic</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n")
      .raw("<link rel=\"stylesheet\" href=\"/assets/clinic.css\">\n<link rel=\"icon\" href=\"/assets/icon.svg\">\n")
      .raw("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site\">")
      .raw("<p class=\"brand\">unknot <span>clinic</span></p>");
  if (signed_in) {
    html.raw("<nav aria-label=\"Main\"><ul><li><a href=\"/patients\">Patients</a></li></ul></nav>")
        .raw("<form method=\"post\" action=\"/logout\" class=\"signout\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .text(csrf)
        .raw("\"><button type=\"submit\">Sign out</button></form>");
  }
  html.raw("</header>\n<main id=\"main\">\n<h1>").text(title).raw("</h1>\n").raw(body).raw("\n</main>\n</body>\n</html>\n");
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

std::string entry_summary(const DiaryEntry& entry) {
  switch (entry.type) {
    case EntryType::kPain:
      return "Pain " + std::to_string(entry.nprs.value_or(0)) + "/10" + (entry.context.empty() ? "" : " (" + entry.context + ")");
    case EntryType::kSession: {
      std::string text = "Session " + entry.session;
      if (entry.pain_during) text += ", pain during " + std::to_string(*entry.pain_during) + "/10";
      if (entry.completed && !*entry.completed) text += ", not finished";
      return text;
    }
    case EntryType::kTrigger: return "Trigger: " + entry.trigger;
    case EntryType::kSymptom: return "Warning symptom: " + entry.symptom;
    case EntryType::kNote: return "Note: " + entry.text;
    case EntryType::kBreak: return "Desk break " + entry.technique + ": " + entry.outcome;
  }
  return "";
}

}  // namespace

Html& Html::text(std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&': out_ += "&amp;"; break;
      case '<': out_ += "&lt;"; break;
      case '>': out_ += "&gt;"; break;
      case '"': out_ += "&quot;"; break;
      case '\'': out_ += "&#39;"; break;
      default: out_ += c;
    }
  }
  return *this;
}

Html& Html::number(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  out_ += buffer;
  return *this;
}

std::string problem_page(int status, const std::string& message) {
  Html body;
  body.raw("<p class=\"problem\">").text(message).raw("</p>\n<p><a href=\"/patients\">Back to your patients</a></p>");
  return frame(status == 404 ? "Not found" : "Something went wrong", body.str(), false, "");
}

std::string login_page(const std::string& error, const std::string& email) {
  Html body;
  if (!error.empty()) body.raw("<p class=\"problem\" role=\"alert\">").text(error).raw("</p>\n");
  body.raw("<form method=\"post\" action=\"/login\" class=\"login\">\n")
      .raw("<p><label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"")
      .text(email)
      .raw("\"></p>\n<p><label for=\"password\">Password</label>")
      .raw("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>\n")
      .raw("<p><button type=\"submit\">Sign in</button></p>\n</form>");
  return frame("Sign in", body.str(), false, "");
}

std::string patients_page(const Clinician& clinician, const std::string& csrf, const std::vector<PatientRow>& rows,
                          const std::string& filter) {
  Html body;
  body.raw("<p>Signed in as ").text(clinician.display_name).raw(". Patients most in need of attention come first.</p>\n");
  body.raw("<form method=\"get\" action=\"/patients\" class=\"filter\"><label for=\"attention\">Show</label> ")
      .raw("<select id=\"attention\" name=\"attention\"><option value=\"\">everyone</option>");
  for (Attention reason : {Attention::kWarningSign, Attention::kSeeProfessional, Attention::kPainWorse,
                           Attention::kPainfulSession, Attention::kNoRecentEntry, Attention::kReviewDue}) {
    body.raw("<option value=\"").text(to_string(reason)).raw("\"");
    if (filter == to_string(reason)) body.raw(" selected");
    body.raw(">").text(describe(reason)).raw("</option>");
  }
  body.raw("</select> <button type=\"submit\">Filter</button></form>\n");
  int shown = 0;
  body.raw("<table class=\"patients\"><caption>Your patients</caption>\n<thead><tr><th scope=\"col\">Name</th>")
      .raw("<th scope=\"col\">Needs attention</th><th scope=\"col\">Last entry</th><th scope=\"col\">Entries</th></tr></thead>\n<tbody>\n");
  for (const PatientRow& row : rows) {
    if (!filter.empty() && std::none_of(row.attention.begin(), row.attention.end(),
                                        [&](Attention reason) { return to_string(reason) == filter; })) {
      continue;
    }
    ++shown;
    body.raw("<tr><th scope=\"row\"><a href=\"/patients/").text(row.summary.id).raw("\">").text(row.summary.display_name).raw("</a>");
    if (!row.summary.linked) body.raw(" <span class=\"muted\">(not linked yet)</span>");
    body.raw("</th><td>");
    if (row.attention.empty()) body.raw("<span class=\"muted\">Nothing to act on</span>");
    for (std::size_t i = 0; i < row.attention.size(); ++i) {
      body.raw(i == 0 ? "<span class=\"attention\">" : "<br><span>").text(describe(row.attention[i])).raw("</span>");
    }
    body.raw("</td><td>").text(row.summary.last_entry_at.value_or("none yet")).raw("</td><td>");
    body.text(std::to_string(row.summary.entries)).raw("</td></tr>\n");
  }
  body.raw("</tbody></table>\n");
  if (shown == 0) body.raw("<p>No patients to show.</p>\n");
  body.raw("<h2>Add a patient</h2>\n<form method=\"post\" action=\"/patients\">")
      .raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(csrf).raw("\">")
      .raw("<p><label for=\"display_name\">Name as you want to see it</label>")
      .raw("<input id=\"display_name\" name=\"display_name\" required maxlength=\"200\"></p>")
      .raw("<p><button type=\"submit\">Add and get a link code</button></p></form>");
  return frame("Patients", body.str(), true, csrf);
}

std::string link_code_page(const std::string& csrf, const std::string& name, const NewPatient& code,
                           const std::string& server_url) {
  Html body;
  body.raw("<p>Give this code to ").text(name).raw(". It works once, until ").text(code.expires_at).raw(" (UTC).</p>\n")
      .raw("<p class=\"code\"><code>").text(code.link_code).raw("</code></p>\n")
      .raw("<p>On their computer, they type:</p>\n<pre><code>unknot clinic link ")
      .text(server_url).raw(" ").text(code.link_code).raw("</code></pre>\n")
      .raw("<p>After that, their diary and answers reach you each time they log something or run ")
      .raw("<code>unknot clinic sync</code>.</p>\n<p><a href=\"/patients/").text(code.id)
      .raw("\">Open ").text(name).raw("'s page</a> · <a href=\"/patients\">All patients</a></p>");
  return frame("Link code", body.str(), true, csrf);
}

std::string patient_page(const std::string& csrf, const PatientPage& patient) {
  Html body;
  const Review& review = patient.review;
  if (!patient.attention.empty()) {
    body.raw("<section aria-labelledby=\"attention\"><h2 id=\"attention\">Needs attention</h2><ul class=\"attention\">");
    for (Attention reason : patient.attention) body.raw("<li>").text(describe(reason)).raw("</li>");
    body.raw("</ul></section>\n");
  }
  body.raw("<section aria-labelledby=\"safety\"><h2 id=\"safety\">Safety screen</h2>");
  if (patient.screen) {
    body.raw("<p>").text(level_words(patient.screen->level)).raw(".</p>");
    if (!patient.screen->reasons.empty()) {
      body.raw("<ul>");
      for (const auto& reason : patient.screen->reasons) body.raw("<li>").text(reason.says).raw("</li>");
      body.raw("</ul>");
    }
  } else {
    body.raw("<p>No intake synced yet.</p>");
  }
  std::vector<const DiaryEntry*> symptoms;
  for (const DiaryEntry& entry : patient.entries) {
    if (entry.type == EntryType::kSymptom) symptoms.push_back(&entry);
  }
  if (!symptoms.empty()) {
    body.raw("<p>Warning symptoms logged:</p><ul>");
    for (const DiaryEntry* entry : symptoms) body.raw("<li>").text(entry->at).raw(": ").text(entry->symptom).raw("</li>");
    body.raw("</ul>");
  }
  body.raw("</section>\n<section aria-labelledby=\"review\"><h2 id=\"review\">Review</h2><dl class=\"review\">")
      .raw("<dt>Verdict</dt><dd>").text(verdict_words(review.verdict)).raw("</dd>")
      .raw("<dt>Next step</dt><dd>").text(next_step_words(review.next_step)).raw("</dd>")
      .raw("<dt>Weeks in the programme</dt><dd>").number(review.weeks_in_program, 1).raw("</dd>");
  if (review.baseline.mean_nprs) {
    body.raw("<dt>First week, mean morning pain</dt><dd>").number(*review.baseline.mean_nprs, 1).raw("/10</dd>");
  }
  if (review.current.mean_nprs) {
    body.raw("<dt>Last 7 days, mean morning pain</dt><dd>").number(*review.current.mean_nprs, 1).raw("/10</dd>");
  }
  body.raw("<dt>Strength sessions a week</dt><dd>").number(review.strength_sessions_per_week, 1)
      .raw(" (plan: ").text(std::to_string(review.target_per_week)).raw(")</dd></dl>");
  if (!review.reasons.empty()) {
    body.raw("<ul>");
    for (const auto& reason : review.reasons) body.raw("<li>").text(reason.says).raw("</li>");
    body.raw("</ul>");
  }
  // The same chart as the person's own app, from the same code.
  if (!patient.entries.empty()) {
    int first = review.as_of;
    for (const DiaryEntry& entry : patient.entries) {
      if (auto day = day_number(entry.at)) first = std::min(first, *day);
    }
    body.raw("<figure class=\"chart\">").raw(web::pain_trend_svg(web::pain_trend(patient.entries, first, review.as_of, review)))
        .raw("<figcaption>Morning pain by week against the first week</figcaption></figure>");
  }
  body.raw("</section>\n<section aria-labelledby=\"diary\"><h2 id=\"diary\">Diary (newest first)</h2>");
  if (patient.entries.empty()) {
    body.raw("<p>Nothing synced yet.</p>");
  } else {
    body.raw("<table class=\"diary\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th></tr></thead><tbody>");
    for (auto it = patient.entries.rbegin(); it != patient.entries.rend(); ++it) {
      body.raw("<tr><td>").text(it->at).raw("</td><td>").text(entry_summary(*it)).raw("</td></tr>");
    }
    body.raw("</tbody></table>");
  }
  body.raw("</section>\n<form method=\"post\" action=\"/patients/").text(patient.summary.id)
      .raw("/link-code\"><input type=\"hidden\" name=\"csrf\" value=\"").text(csrf)
      .raw("\"><button type=\"submit\">New link code</button></form>");
  return frame(patient.summary.display_name, body.str(), true, csrf);
}

}  // namespace unknot::clinic
