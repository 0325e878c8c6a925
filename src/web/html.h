// HTML building blocks for the web app's pages: escaping and the page frame (head, skip
// link, navigation, footer). Pages are strings built on the server; the frame links only
// same-origin CSS and JS, so the strict Content-Security-Policy needs no inline script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace unknot::web {

// The colour of the browser's bar around the app (<meta name="theme-color">): the accent of
// web/assets/style.css, as the manifest's theme_color says.
inline constexpr const char* kThemeColor = "#0f5c55";

// Text safe inside HTML elements and double-quoted attributes.
std::string escape(std::string_view text);

struct PageFrame {
  std::string title;                 // the page's <h1> and <title>
  std::string nav;                   // the current section: "home", "plan", "session", ...
  std::string csrf_token;            // goes into <meta name="csrf-token"> for scripts
  std::vector<std::string> scripts;  // asset paths, e.g. "/assets/player.js"
};

// A whole document: the frame around `main_html` (which holds the page's own <h1>).
std::string page(const PageFrame& frame, std::string_view main_html);

// A hidden form field carrying the CSRF token.
std::string csrf_field(const std::string& token);

}  // namespace unknot::web
