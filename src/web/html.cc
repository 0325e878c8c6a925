#include "web/html.h"

namespace unknot::web {
namespace {

struct NavLink {
  const char* id;
  const char* href;
  const char* label;
};

// Every page a person comes back to. A page whose PageFrame::nav names none of these (the
// intake, "start") marks nothing as current.
constexpr NavLink kNav[] = {
    {"home", "/", "Home"},
    {"plan", "/plan", "Plan"},
    {"session", "/session", "Session"},
    {"checkin", "/checkin", "Check-in"},
    {"diary", "/diary", "Diary"},
    {"progress", "/progress", "Progress"},
    {"review", "/review", "Review"},
    {"techniques", "/techniques", "Techniques"},
    {"learn", "/learn", "Learn"},
    {"export", "/export", "Exports"},
};

}  // namespace

std::string escape(std::string_view text) {
  // Runs of ordinary characters are copied whole: most text has nothing to escape.
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  constexpr std::string_view kSpecial = "&<>\"'";
  std::size_t from = 0;
  while (true) {
    const std::size_t at = text.find_first_of(kSpecial, from);
    out.append(text, from, at == std::string_view::npos ? std::string_view::npos : at - from);
    if (at == std::string_view::npos) return out;
    switch (text[at]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&#39;";
    }
    from = at + 1;
  }
}

std::string csrf_field(const std::string& token) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">";
}

std::string page(const PageFrame& frame, std::string_view main_html) {
  std::string html;
  html.reserve(main_html.size() + 2048);
  html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"color-scheme\" content=\"light dark\">\n";
  html += "<meta name=\"csrf-token\" content=\"" + escape(frame.csrf_token) + "\">\n";
  html += "<title>" + escape(frame.title) + " · unknot</title>\n";
  html += "<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\n";
  // The installable app: its manifest, the home-screen icon iOS asks for, and the colour of the
  // browser's bar (the manifest's theme_color; app_test ties the two to style.css).
  html += "<link rel=\"manifest\" href=\"/manifest.webmanifest\">\n";
  html += "<link rel=\"apple-touch-icon\" href=\"/assets/apple-touch-icon.png\">\n";
  html += "<meta name=\"theme-color\" content=\"" + std::string(kThemeColor) + "\">\n";
  html += "<link rel=\"stylesheet\" href=\"/assets/style.css\">\n";
  // On every page: the offline queue (diary entries kept on the phone until the server is
  // reachable) and the script that registers the service worker and sends the queue.
  for (const char* script : {"/assets/queue.js", "/assets/offline.js"})
    html += std::string("<script src=\"") + script + "\" defer></script>\n";
  for (const std::string& script : frame.scripts)
    html += "<script src=\"" + escape(script) + "\" defer></script>\n";
  html += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  html += "<header class=\"top\"><a class=\"brand\" href=\"/\">unknot</a>\n<nav aria-label=\"Main\"><ul>";
  for (const NavLink& link : kNav) {
    html += "<li><a href=\"";
    html += link.href;
    html += "\"";
    if (frame.nav == link.id) html += " aria-current=\"page\"";
    html += ">";
    html += link.label;
    html += "</a></li>";
  }
  html += "</ul></nav></header>\n<main id=\"main\" tabindex=\"-1\">\n";
  html += main_html;
  html +=
      "\n</main>\n<footer class=\"bottom\"><p>unknot gives self-care information, not a diagnosis. "
      "Chest pain, trouble breathing or sudden tearing pain: call your emergency number now.</p></footer>\n"
      "</body>\n</html>\n";
  return html;
}

}  // namespace unknot::web
