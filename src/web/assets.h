// The web app's static files (web/assets/: CSS, JS, icon), compiled into the binary at
// build time by cmake/embed.cmake, so `unknot serve` needs no files beside it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/embedded.h"

namespace unknot::web {

// Every asset, keyed by its path in the source tree ("web/assets/style.css").
const std::vector<content::EmbeddedFile>& embedded_assets();

// The bytes of "assets/NAME" (the URL path without its leading '/'); empty when none.
std::string_view embedded_asset(std::string_view url_path);

// What this build serves, as 16 hex digits: a hash of every embedded asset and content file
// (CSS, scripts, icons, technique texts and pictures). The service worker names its cache
// after it, so a new build with other files replaces what phones keep offline.
const std::string& assets_build_id();

}  // namespace unknot::web
