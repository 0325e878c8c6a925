#include "contract/prescription_json.h"

#include "core/vocabulary.h"

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

OrderedJson strings(const std::vector<std::string>& list) {
  OrderedJson json = OrderedJson::array();
  for (const std::string& text : list) json.push_back(text);
  return json;
}

// Reads members of one object, remembering the first problem and where it was.
class Reader {
 public:
  Reader(const Json& json, std::string where) : json_(json), where_(std::move(where)) {}

  bool object() {
    if (!json_.is_object()) fail(where_ + " must be a JSON object");
    return ok();
  }
  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }
  std::string at(const char* key) const { return where_ + "." + key; }
  const Json* member(const char* key) const {
    const auto found = json_.find(key);
    return found == json_.end() || found->is_null() ? nullptr : &*found;
  }

  std::string text(const char* key, bool required) {
    const Json* value = member(key);
    if (!value) {
      if (required) fail(at(key) + " is missing");
      return "";
    }
    if (!value->is_string()) {
      fail(at(key) + " must be a string");
      return "";
    }
    return value->get<std::string>();
  }

  std::optional<int> number(const char* key, bool required) {
    const Json* value = member(key);
    if (!value) {
      if (required) fail(at(key) + " is missing");
      return std::nullopt;
    }
    if (!value->is_number_integer()) {
      fail(at(key) + " must be a whole number");
      return std::nullopt;
    }
    const auto number = value->get<long long>();
    if (number < -1000000 || number > 1000000) {
      fail(at(key) + " is out of range");
      return std::nullopt;
    }
    return static_cast<int>(number);
  }

  std::vector<std::string> texts(const char* key) {
    std::vector<std::string> list;
    const Json* value = member(key);
    if (!value) return list;
    if (!value->is_array()) {
      fail(at(key) + " must be a list of strings");
      return list;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string()) {
        fail(at(key) + "[" + std::to_string(i) + "] must be a string");
        return list;
      }
      list.push_back((*value)[i].get<std::string>());
    }
    return list;
  }

  std::optional<Dose> dose(const char* key, bool required) {
    const Json* value = member(key);
    if (!value) {
      if (required) fail(at(key) + " is missing");
      return std::nullopt;
    }
    Reader inner(*value, at(key));
    if (!inner.object()) return fail(inner.problem()), std::nullopt;
    Dose dose;
    dose.duration_s = inner.number("duration_s", false);
    dose.sets = inner.number("sets", false);
    dose.reps = inner.number("reps", false);
    dose.hold_s = inner.number("hold_s", false);
    dose.holds = inner.number("holds", false);
    dose.rest_s = inner.number("rest_s", false);
    if (const Json* side = inner.member("per_side")) {
      if (!side->is_boolean()) inner.fail(inner.at("per_side") + " must be true or false");
      else dose.per_side = side->get<bool>();
    }
    if (!inner.ok()) return fail(inner.problem()), std::nullopt;
    return dose;
  }

  void fail(const std::string& message) {
    if (problem_.empty()) problem_ = message;
  }

 private:
  const Json& json_;
  std::string where_;
  std::string problem_;
};

Result<CustomExercise> custom_from_json(const Json& json, const std::string& where) {
  Reader read(json, where);
  if (!read.object()) return Error::bad_input(read.problem());
  CustomExercise exercise;
  exercise.id = read.text("id", true);
  exercise.title = read.text("title", true);
  exercise.steps = read.texts("steps");
  if (auto dose = read.dose("dose", true)) exercise.dose = *dose;
  exercise.cautions = read.texts("cautions");
  exercise.stop_if = read.texts("stop_if");
  const std::string position = read.text("position", true);
  if (read.ok()) {
    if (auto parsed = parse_position(position)) exercise.position = *parsed;
    else read.fail(read.at("position") + " '" + position + "' is not a position unknot knows");
  }
  exercise.equipment = read.texts("equipment");
  exercise.picture = read.text("picture", false);
  if (!read.ok()) return Error::bad_input(read.problem());
  return exercise;
}

Result<PrescribedItem> item_from_json(const Json& json, const std::string& where) {
  Reader read(json, where);
  if (!read.object()) return Error::bad_input(read.problem());
  PrescribedItem item;
  item.technique = read.text("technique", true);
  item.dose = read.dose("dose", false);
  item.note = read.text("note", false);
  if (const Json* overrides = read.member("overrides")) {
    if (!overrides->is_array()) return Error::bad_input(read.at("overrides") + " must be a list");
    for (std::size_t i = 0; i < overrides->size(); ++i) {
      const Json& one = (*overrides)[i];
      const std::string at = read.at("overrides") + "[" + std::to_string(i) + "]";
      if (one.is_string()) {
        item.overrides.push_back({one.get<std::string>(), "", ""});
        continue;
      }
      Reader inner(one, at);
      if (!inner.object()) return Error::bad_input(inner.problem());
      PrescriptionOverride confirmed{inner.text("rule", true), inner.text("by", false), inner.text("at", false)};
      if (!inner.ok()) return Error::bad_input(inner.problem());
      item.overrides.push_back(std::move(confirmed));
    }
  }
  if (!read.ok()) return Error::bad_input(read.problem());
  return item;
}

// check_prescription names fields from the prescription's root ("items[0].dose ..."); put
// `where` in front so the message says where in the document.
Error located(const Error& error, const std::string& where) {
  return Error::bad_input(where + "." + error.message);
}

}  // namespace

OrderedJson prescription_to_json(const Prescription& prescription) {
  OrderedJson json;
  json["version"] = prescription.version;
  json["updated_at"] = prescription.updated_at;
  json["clinician"] = prescription.clinician;
  json["days_per_week"] = prescription.days_per_week;
  json["note"] = prescription.note;
  json["items"] = OrderedJson::array();
  for (const PrescribedItem& item : prescription.items) {
    OrderedJson one;
    one["technique"] = item.technique;
    one["dose"] = item.dose ? dose_to_json(*item.dose) : OrderedJson(nullptr);
    one["note"] = item.note;
    one["source"] = std::string(kClinicianSource);
    one["overrides"] = OrderedJson::array();
    for (const PrescriptionOverride& confirmed : item.overrides) {
      one["overrides"].push_back({{"rule", confirmed.rule}, {"by", confirmed.by}, {"at", confirmed.at}});
    }
    json["items"].push_back(std::move(one));
  }
  json["custom_exercises"] = OrderedJson::array();
  for (const CustomExercise& exercise : prescription.custom_exercises) {
    OrderedJson one;
    one["id"] = exercise.id;
    one["title"] = exercise.title;
    one["steps"] = strings(exercise.steps);
    one["dose"] = dose_to_json(exercise.dose);
    one["cautions"] = strings(exercise.cautions);
    one["stop_if"] = strings(exercise.stop_if);
    one["position"] = std::string(to_string(exercise.position));
    one["equipment"] = strings(exercise.equipment);
    one["picture"] = exercise.picture.empty() ? OrderedJson(nullptr) : OrderedJson(exercise.picture);
    json["custom_exercises"].push_back(std::move(one));
  }
  json["removed"] = strings(prescription.removed);
  return json;
}

Result<Prescription> prescription_from_json(const Json& json, const std::string& where, const Catalogue& catalogue) {
  Reader read(json, where);
  if (!read.object()) return Error::bad_input(read.problem());
  Prescription prescription;
  prescription.version = read.number("version", false).value_or(0);
  prescription.updated_at = read.text("updated_at", false);
  prescription.clinician = read.text("clinician", false);
  prescription.days_per_week = read.number("days_per_week", false).value_or(3);
  prescription.note = read.text("note", false);
  prescription.removed = read.texts("removed");
  if (!read.ok()) return Error::bad_input(read.problem());
  for (const char* key : {"custom_exercises", "items"}) {
    const Json* list = read.member(key);
    if (!list) continue;
    if (!list->is_array()) return Error::bad_input(read.at(key) + " must be a list");
    if (list->size() > 50) return Error::bad_input(read.at(key) + " is too long");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string at = read.at(key) + "[" + std::to_string(i) + "]";
      if (std::string_view(key) == "items") {
        auto item = item_from_json((*list)[i], at);
        if (!item) return item.error();
        prescription.items.push_back(std::move(*item));
      } else {
        auto exercise = custom_from_json((*list)[i], at);
        if (!exercise) return exercise.error();
        prescription.custom_exercises.push_back(std::move(*exercise));
      }
    }
  }
  if (auto sound = check_prescription(prescription, catalogue); !sound) return located(sound.error(), where);
  return prescription;
}

Result<std::optional<Prescription>> parse_prescription_reply(const std::string& text, const std::string& where,
                                                             const Catalogue& catalogue) {
  const Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error::bad_input(where + " is not valid JSON");
  if (!parsed.is_object() || !parsed.contains("prescription")) {
    return Error::bad_input(where + " must be an object with a \"prescription\" member");
  }
  const Json& body = parsed["prescription"];
  if (body.is_null()) return std::optional<Prescription>();
  auto prescription = prescription_from_json(body, "prescription", catalogue);
  if (!prescription) return Error::bad_input(where + ": " + prescription.error().message);
  return std::optional<Prescription>(std::move(*prescription));
}

}  // namespace unknot::contract
