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

const PlanText* PlanWording::find(const std::string& key) const {
  auto it = texts.find(key);
  return it == texts.end() ? nullptr : &it->second;
}

const Technique* Catalogue::find_technique(const std::string& id) const {
  return find_by_id(techniques, id);
}
const Topic* Catalogue::find_topic(const std::string& id) const { return find_by_id(topics, id); }
const SourceEntry* Catalogue::find_source(const std::string& id) const {
  return find_by_id(sources, id);
}

}  // namespace unknot
