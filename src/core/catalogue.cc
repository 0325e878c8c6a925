#include "core/catalogue.h"

#include <algorithm>

namespace unknot {
namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Variant* Technique::find_variant(const std::string& variant_id) const {
  return find_by_id(variants, variant_id);
}

TechniqueForm Technique::form(const std::string& variant_id) const {
  TechniqueForm form{id, "", name, summary, position, equipment, weight_on_hands, overhead,
                     steps, dose, cues, stop_if, cautions};
  const Variant* variant = find_variant(variant_id);
  if (!variant) return form;
  form.variant = variant->id;
  form.name = variant->name;
  if (!variant->summary.empty()) form.summary = variant->summary;
  form.position = variant->position;
  form.equipment = variant->equipment;
  form.weight_on_hands = variant->weight_on_hands;
  form.overhead = variant->overhead;
  if (!variant->steps.empty()) form.steps = variant->steps;
  if (variant->dose) form.dose = *variant->dose;
  if (variant->cues) form.cues = *variant->cues;
  if (variant->stop_if) form.stop_if = *variant->stop_if;
  if (variant->cautions) form.cautions = *variant->cautions;
  return form;
}

const PlanText* PlanWording::find(const std::string& key) const {
  auto it = texts.find(key);
  return it == texts.end() ? nullptr : &it->second;
}

const Technique* Catalogue::find_technique(const std::string& id) const {
  return find_by_id(techniques, id);
}
const Topic* Catalogue::find_topic(const std::string& id) const {
  if (const Topic* topic = find_by_id(topics, id)) return topic;
  auto it = std::find_if(topics.begin(), topics.end(), [&](const Topic& topic) {
    return std::find(topic.aliases.begin(), topic.aliases.end(), id) != topic.aliases.end();
  });
  return it == topics.end() ? nullptr : &*it;
}
const SourceEntry* Catalogue::find_source(const std::string& id) const {
  return find_by_id(sources, id);
}

std::string Catalogue::cite(const std::string& source_id) const {
  const SourceEntry* entry = find_source(source_id);
  if (!entry) return source_id;
  return entry->cite.empty() ? entry->title : entry->cite;
}

}  // namespace unknot
