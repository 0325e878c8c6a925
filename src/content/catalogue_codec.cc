#include "content/catalogue_codec.h"

#include <cstdint>
#include <stdexcept>

namespace unknot::content {
namespace {

// "UKC" and a format number; bump it whenever the order or the types below change.
constexpr std::string_view kMagic = "UKC\x02";

// Each field is written and read by one overload pair with the same shape, so the two
// directions cannot disagree on order: encode_fields/decode_fields below list the fields
// of each struct once per direction, next to each other.
class Writer {
 public:
  std::string bytes{kMagic};

  void put(std::uint64_t value) {
    while (value >= 0x80) {
      bytes.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    bytes.push_back(static_cast<char>(value));
  }
  void put(int value) {  // zigzag, so small negative numbers stay short
    const auto wide = static_cast<std::int64_t>(value);
    put(static_cast<std::uint64_t>((wide << 1) ^ (wide >> 63)));
  }
  void put(bool value) { bytes.push_back(value ? 1 : 0); }
  void put(const std::string& text) {
    put(static_cast<std::uint64_t>(text.size()));
    bytes += text;
  }
  void put(Kind kind) { put(std::string(to_string(kind))); }
  void put(Position position) { put(std::string(to_string(position))); }
  template <typename T>
  void put(const std::optional<T>& value) {
    put(value.has_value());
    if (value) put(*value);
  }
  template <typename T>
  void put(const std::vector<T>& items) {
    put(static_cast<std::uint64_t>(items.size()));
    for (const T& item : items) put(item);
  }
  template <typename K, typename V>
  void put(const std::map<K, V>& items) {
    put(static_cast<std::uint64_t>(items.size()));
    for (const auto& [key, value] : items) {
      put(key);
      put(value);
    }
  }
  template <typename Struct>
    requires requires(Writer& w, const Struct& s) { fields(w, s); }
  void put(const Struct& value) {
    fields(*this, value);
  }
  template <typename... T>
  void all(const T&... values) {
    (put(values), ...);
  }
};

struct Corrupt {
  std::size_t offset;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  std::size_t offset() const { return offset_; }
  bool at_end() const { return offset_ == bytes_.size(); }
  void expect(std::string_view text) {
    if (bytes_.substr(offset_, text.size()) != text) throw Corrupt{offset_};
    offset_ += text.size();
  }

  void get(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(next());
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return;
    }
    throw Corrupt{offset_};
  }
  void get(int& value) {
    std::uint64_t raw = 0;
    get(raw);
    const auto wide = static_cast<std::int64_t>(raw >> 1) ^ -static_cast<std::int64_t>(raw & 1);
    if (wide < INT32_MIN || wide > INT32_MAX) throw Corrupt{offset_};
    value = static_cast<int>(wide);
  }
  void get(bool& value) {
    const char byte = next();
    if (byte != 0 && byte != 1) throw Corrupt{offset_ - 1};
    value = byte == 1;
  }
  void get(std::string& text) {
    // Constructed, not assigned: assign() into the empty string goes through the general
    // replace path, a measurable part of decoding thousands of strings at every start.
    text = std::string(view());
  }
  void get(Kind& kind) {
    const auto parsed = parse_kind(view());
    if (!parsed) throw Corrupt{offset_};
    kind = *parsed;
  }
  void get(Position& position) {
    const auto parsed = parse_position(view());
    if (!parsed) throw Corrupt{offset_};
    position = *parsed;
  }
  template <typename T>
  void get(std::optional<T>& value) {
    bool present = false;
    get(present);
    if (!present) {
      value.reset();
      return;
    }
    get(value.emplace());
  }
  template <typename T>
  void get(std::vector<T>& items) {
    const std::size_t size = count();
    items.clear();
    items.reserve(size);
    for (std::size_t i = 0; i < size; ++i) get(items.emplace_back());
  }
  template <typename K, typename V>
  void get(std::map<K, V>& items) {
    const std::size_t size = count();
    items.clear();
    for (std::size_t i = 0; i < size; ++i) {
      K key{};
      get(key);
      get(items[std::move(key)]);
    }
  }
  template <typename Struct>
    requires requires(Reader& r, Struct& s) { fields(r, s); }
  void get(Struct& value) {
    fields(*this, value);
  }
  template <typename... T>
  void all(T&... values) {
    (get(values), ...);
  }

 private:
  char next() {
    if (offset_ >= bytes_.size()) throw Corrupt{offset_};
    return bytes_[offset_++];
  }
  // The next length-prefixed string, in place.
  std::string_view view() {
    const std::size_t size = count();
    const std::string_view text = bytes_.substr(offset_, size);
    offset_ += size;
    return text;
  }
  // A length that cannot be larger than what is left (every element takes a byte at least).
  std::size_t count() {
    std::uint64_t size = 0;
    get(size);
    if (size > bytes_.size() - offset_) throw Corrupt{offset_};
    return static_cast<std::size_t>(size);
  }

  std::string_view bytes_;
  std::size_t offset_ = 0;
};

// One function per struct, for both directions (IO is Writer with const values or Reader
// with mutable ones): the field list exists once, so writing and reading share its order.
// A field missing here is caught by compiled_catalogue_test (the compiled catalogue must
// equal the one loaded from YAML, compared with the structs' defaulted operator==).
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Dose> {
  io.all(v.duration_s, v.sets, v.reps, v.hold_s, v.holds, v.per_side, v.rest_s);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Frequency> {
  io.all(v.min_per_week, v.max_per_week, v.note);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, ConditionalNote> {
  io.all(v.when, v.says);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, VariantSelector> {
  io.all(v.constraints, v.missing_equipment, v.cautions, v.history);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Variant> {
  io.all(v.id, v.name, v.selected_by, v.position, v.equipment, v.weight_on_hands, v.overhead, v.summary,
         v.steps, v.dose, v.cues, v.stop_if, v.cautions);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Evidence> {
  io.all(v.level, v.note);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Technique> {
  io.all(v.id, v.name, v.kind, v.position, v.summary, v.steps, v.dose, v.seconds_per_rep, v.frequency,
         v.equipment, v.weight_on_hands, v.overhead, v.variants, v.cues, v.stop_if, v.cautions,
         v.contraindications, v.adjustments, v.evidence, v.derived_from_reasoning, v.sources, v.picture);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Topic> {
  io.all(v.id, v.aliases, v.title, v.summary, v.body, v.sources);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, LevelText> {
  io.all(v.title, v.advice);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, SafetyText> {
  io.all(v.levels, v.rule_says);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, PlanText> {
  io.all(v.says, v.sources);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, PlanWording> {
  io.all(v.texts);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, SourceEntry> {
  io.all(v.id, v.title, v.cite);
}
template <typename IO, typename T>
void fields(IO& io, T& v) requires std::is_same_v<std::remove_const_t<T>, Catalogue> {
  io.all(v.techniques, v.topics, v.safety, v.plan_wording, v.sources);
}

}  // namespace

std::string encode_catalogue(const Catalogue& catalogue) {
  Writer writer;
  writer.put(catalogue);
  return std::move(writer.bytes);
}

Result<Catalogue> decode_catalogue(std::string_view bytes) {
  Reader reader(bytes);
  Catalogue catalogue;
  try {
    reader.expect(kMagic);
    reader.get(catalogue);
    if (!reader.at_end()) throw Corrupt{reader.offset()};
  } catch (const Corrupt& corrupt) {
    return Error::failure("compiled knowledge base: unreadable at byte " + std::to_string(corrupt.offset) +
                          " of " + std::to_string(bytes.size()) + " (a build fault: rebuild unknot)");
  }
  return catalogue;
}

}  // namespace unknot::content
