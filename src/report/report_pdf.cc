#include "report/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <functional>
#include <cstdio>
#include <string_view>
#include <vector>

namespace unknot::report {
namespace {

// A4 in points; margins of 15 mm.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 42.5;
constexpr double kBody = 9.5;  // body text size in points

// Draws top to bottom, starting a new page when the next line would not fit.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr) { cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL); }

  void heading(std::string_view text, double size) {
    space(size * 0.8);
    ensure(size * 2.5);
    font(size, true);
    line_at(kMargin, text);
    advance(size * 1.4);
  }

  // Text wrapped to the width between x and the right margin.
  void paragraph(std::string_view text, double x = kMargin, double size = kBody, bool bold = false) {
    font(size, bold);
    for (const std::string& line : wrap(text, kPageWidth - kMargin - x)) {
      ensure(size * 1.35);
      line_at(x, line);
      advance(size * 1.35);
    }
  }

  // "Label   value" lines with the values wrapped in a second column.
  void facts(const std::vector<Fact>& facts, double label_width = 110) {
    for (const Fact& fact : facts) {
      ensure(kBody * 1.35);
      const double top = y_;
      font(kBody, true);
      line_at(kMargin, fact.label);
      y_ = top;
      paragraph(fact.value, kMargin + label_width);
    }
  }

  // A table: columns at the given x offsets (from the left margin), a bold header row.
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::vector<double>& columns) {
    // A row that does not fit starts a new page, which repeats the header first.
    std::function<void(const std::vector<std::string>&, bool)> draw_row;
    draw_row = [&](const std::vector<std::string>& cells, bool bold) {
      font(kBody - 0.5, bold);
      std::vector<std::vector<std::string>> wrapped;
      size_t lines = 1;
      for (size_t c = 0; c < cells.size(); ++c) {
        const double right = c + 1 < columns.size() ? kMargin + columns[c + 1] - 6 : kPageWidth - kMargin;
        wrapped.push_back(wrap(cells[c], right - kMargin - columns[c]));
        lines = std::max(lines, wrapped.back().size());
      }
      const double height = lines * (kBody * 1.25) + 3;
      if (ensure(height) && !bold) draw_row(header, true);
      font(kBody - 0.5, bold);
      for (size_t c = 0; c < cells.size(); ++c) {
        for (size_t l = 0; l < wrapped[c].size(); ++l) {
          cairo_move_to(cr_, kMargin + columns[c], y_ + (l + 1) * kBody * 1.25 - 2);
          cairo_show_text(cr_, wrapped[c][l].c_str());
        }
      }
      y_ += height;
      cairo_set_source_rgb(cr_, 0.8, 0.8, 0.8);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, kMargin, y_);
      cairo_line_to(cr_, kPageWidth - kMargin, y_);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
    };
    draw_row(header, true);
    for (const auto& row : rows) draw_row(row, false);
    advance(4);
  }

  void pain_chart(const std::vector<Week>& weeks) {
    const double height = 120;
    ensure(height + 20);
    const double left = kMargin + 20, right = kPageWidth - kMargin, top = y_ + 6, bottom = y_ + height;
    font(kBody - 1.5, false);
    cairo_set_line_width(cr_, 0.5);
    for (int level = 0; level <= 10; level += 5) {
      const double y = bottom - (bottom - top) * level / 10.0;
      cairo_set_source_rgb(cr_, 0.8, 0.8, 0.8);
      cairo_move_to(cr_, left, y);
      cairo_line_to(cr_, right, y);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      cairo_move_to(cr_, kMargin, y + 3);
      cairo_show_text(cr_, std::to_string(level).c_str());
    }
    const double step = (right - left) / std::max<size_t>(weeks.size(), 1);
    for (size_t i = 0; i < weeks.size(); ++i) {
      const double x = left + step * i + step * 0.2, w = step * 0.6;
      if (weeks[i].mean_pain) {
        const double h = (bottom - top) * *weeks[i].mean_pain / 10.0;
        cairo_set_source_rgb(cr_, 0.36, 0.6, 0.78);
        cairo_rectangle(cr_, x, bottom - h, w, h);
        cairo_fill(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        char value[16];
        std::snprintf(value, sizeof value, "%.1f", *weeks[i].mean_pain);
        centred(x + w / 2, bottom - h - 3, value);
      }
      centred(x + w / 2, bottom + 10, weeks[i].label.substr(5));
    }
    y_ = bottom + 18;
  }

  void space(double points) { y_ += points; }

 private:
  void font(double size, bool bold) {
    cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  double width_of(const std::string& text) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, text.c_str(), &extents);
    return extents.x_advance;
  }
  void line_at(double x, std::string_view text) {
    const std::string line(text);
    cairo_move_to(cr_, x, y_ + kBody);
    cairo_show_text(cr_, line.c_str());
  }
  void centred(double x, double y, const std::string& text) {
    cairo_move_to(cr_, x - width_of(text) / 2, y);
    cairo_show_text(cr_, text.c_str());
  }
  void advance(double points) { y_ += points; }
  // Starts a new page when `height` does not fit; says whether it did.
  bool ensure(double height) {
    if (y_ + height <= kPageHeight - kMargin) return false;
    cairo_show_page(cr_);
    y_ = kMargin;
    return true;
  }
  // Greedy word wrap; a word longer than the width is cut.
  std::vector<std::string> wrap(std::string_view text, double width) {
    std::vector<std::string> lines;
    std::string line;
    size_t at = 0;
    while (at <= text.size()) {
      size_t end = text.find(' ', at);
      if (end == std::string_view::npos) end = text.size();
      std::string word(text.substr(at, end - at));
      at = end + 1;
      while (width_of(word) > width && word.size() > 1) {
        size_t cut = word.size() - 1;
        while (cut > 1 && width_of(word.substr(0, cut)) > width) --cut;
        if (!line.empty()) lines.push_back(line), line.clear();
        lines.push_back(word.substr(0, cut));
        word = word.substr(cut);
      }
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && width_of(candidate) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
  }

  cairo_t* cr_;
  double y_ = kMargin;
};

std::vector<std::vector<std::string>> diary_cells(const std::vector<DiaryRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const DiaryRow& row : rows) cells.push_back({row.date, row.what, row.detail});
  return cells;
}

}  // namespace

Status write_report_pdf(const Report& report, const std::string& path) {
  cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return Error::failure("cannot write " + path + ": " + why);
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, ("unknot report, " + report.period).c_str());
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  Writer out(cr);
  out.heading("unknot report", 18);
  out.paragraph(report.period, kMargin, 11);
  out.paragraph("A summary of self-care for a muscle knot between the shoulder blades, from the person's own "
                "answers and diary. It is not a diagnosis.");
  out.heading("At the start", 12.5);
  if (report.intake.empty()) out.paragraph("No intake answered.");
  else out.facts(report.intake);
  out.heading("Safety", 12.5);
  out.paragraph(report.safety_now);
  if (report.safety_history.empty()) {
    out.paragraph("No warning signs reported in the diary in this period.");
  } else {
    out.paragraph("Warning signs reported in the diary:");
    out.table({"Date", "What", "Detail"}, diary_cells(report.safety_history), {0, 70, 160});
  }
  out.heading("The plan in short", 12.5);
  if (report.plan.empty()) out.paragraph("No plan yet.");
  else out.facts(report.plan, 80);
  out.heading("Week by week", 12.5);
  out.paragraph("Weekly average of morning pain, 0 to 10:");
  out.pain_chart(report.weeks);
  std::vector<std::vector<std::string>> weeks;
  for (const Week& week : report.weeks) {
    char mean[16] = "none";
    if (week.mean_pain) std::snprintf(mean, sizeof mean, "%.1f", *week.mean_pain);
    weeks.push_back({week.label, mean, std::to_string(week.pain_readings), std::to_string(week.sessions),
                     std::to_string(week.strength_sessions)});
  }
  out.table({"Week of", "Morning pain", "Readings", "Sessions",
             "Strength (plan: " + std::to_string(report.target_strength_per_week) + ")"},
            weeks, {0, 80, 170, 240, 310});
  out.heading("Review", 12.5);
  if (report.verdict.empty()) {
    out.paragraph("No review yet.");
  } else {
    out.paragraph(report.verdict + ". Next step: " + report.next_step + ".", kMargin, kBody, true);
    out.facts(report.numbers);
    for (const std::string& reason : report.reasons) out.paragraph("- " + reason, kMargin + 8);
  }
  out.heading("Diary", 12.5);
  if (report.diary.empty()) {
    out.paragraph("No diary entries in this period.");
  } else {
    if (report.diary_rows_left_out > 0) {
      out.paragraph("The last " + std::to_string(report.diary.size()) + " entries; " +
                    std::to_string(report.diary_rows_left_out) + " earlier ones are in the diary export.");
    }
    out.table({"Date", "What", "Detail"}, diary_cells(report.diary), {0, 70, 160});
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error::failure("cannot write " + path + ": " + cairo_status_to_string(status));
  }
  return Ok{};
}

}  // namespace unknot::report
