// libFuzzer target: the web app's request parsing (src/web/http.*): the target's path and
// query, and a form body, percent-decoded; then each decoded value goes through the contract
// boundary the handlers use for a diary note, so bytes that decode to invalid UTF-8 or
// CR/LF must come back as a Result, never an exception. Input: TARGET '\n' BODY.
#include <cstdint>
#include <string>

#include "contract/diary_json.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\n');
  unknot::web::Request request;
  request.method = "POST";
  request.target = input.substr(0, split);
  request.body = split == std::string::npos ? std::string() : input.substr(split + 1);
  request.headers["content-type"] = "application/x-www-form-urlencoded";
  (void)request.path();
  for (const std::string& text : {request.query(), request.body}) {
    auto fields = unknot::web::parse_form(text);
    if (!fields) continue;
    for (const auto& [name, value] : *fields) {
      nlohmann::json note = {{"at", "2026-03-02"}, {"type", "note"}, {"text", value}};
      (void)unknot::contract::diary_entry_from_json(note, "the form field " + name);
    }
    (void)unknot::web::field(*fields, "speed");
    (void)unknot::web::fields_named(*fields, "symptom");
  }
  (void)unknot::web::percent_decode(request.body, true);
  (void)unknot::web::percent_decode(request.target, false);
  return 0;
}
