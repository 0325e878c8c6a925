// The knowledge base compiled at build time against the YAML it came from: they must be
// equal field by field (Catalogue's defaulted operator==), so the two paths cannot drift.
#include "content/compiled_catalogue.h"

#include <gtest/gtest.h>

#include <string>

#include "content/catalogue_codec.h"
#include "content/content_loader.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

const Catalogue& yaml_catalogue() {
  static const Catalogue catalogue = [] {
    auto loaded = content::load_embedded_yaml_catalogue();
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? std::move(loaded).value() : Catalogue{};
  }();
  return catalogue;
}

TEST(ContentCompiled, EqualsTheCatalogueLoadedFromTheYaml) {
  auto compiled = content::load_embedded_catalogue();
  ASSERT_TRUE(compiled) << compiled.error().message;
  const Catalogue& yaml = yaml_catalogue();
  ASSERT_FALSE(yaml.techniques.empty());
  // Part by part first, so a difference is named where it is.
  ASSERT_EQ(compiled->techniques.size(), yaml.techniques.size());
  for (std::size_t i = 0; i < yaml.techniques.size(); ++i) {
    EXPECT_TRUE(compiled->techniques[i] == yaml.techniques[i]) << "technique " << yaml.techniques[i].id;
  }
  EXPECT_TRUE(compiled->topics == yaml.topics);
  EXPECT_TRUE(compiled->safety == yaml.safety);
  EXPECT_TRUE(compiled->plan_wording == yaml.plan_wording);
  EXPECT_TRUE(compiled->sources == yaml.sources);
  EXPECT_TRUE(compiled.value() == yaml);
}

TEST(ContentCompiled, EqualsTheCatalogueInTheSourceTree) {
  // The build compiles what it embedded; the source tree's content/ must be the same files.
  auto from_directory = content::load_catalogue_from_directory(test_util::source_dir() + "/content");
  ASSERT_TRUE(from_directory) << from_directory.error().message;
  auto compiled = content::load_embedded_catalogue();
  ASSERT_TRUE(compiled) << compiled.error().message;
  EXPECT_TRUE(compiled.value() == from_directory.value());
}

TEST(ContentCompiled, EqualityNoticesAOneFieldChange) {
  // The comparison above is only worth something if a single changed field makes it fail.
  Catalogue changed = yaml_catalogue();
  ASSERT_FALSE(changed.techniques.empty());
  changed.techniques.back().seconds_per_rep += 1;
  EXPECT_FALSE(changed == yaml_catalogue());
  Catalogue variant_changed = yaml_catalogue();
  for (Technique& technique : variant_changed.techniques) {
    if (technique.variants.empty()) continue;
    technique.variants.front().cues = std::vector<std::string>{"a cue nobody wrote"};
    break;
  }
  EXPECT_FALSE(variant_changed == yaml_catalogue());
}

TEST(ContentCodec, ReadsBackWhatItWrote) {
  Catalogue catalogue;
  Technique technique;
  technique.id = "t";
  technique.kind = Kind::kBreathing;
  technique.position = Position::kSideLying;
  technique.dose.hold_s = -3;
  technique.dose.per_side = false;
  technique.seconds_per_rep = 1 << 30;
  Variant variant;
  variant.id = "v";
  variant.stop_if = std::vector<std::string>{};  // present but empty differs from absent
  variant.dose = Dose{};
  technique.variants.push_back(variant);
  catalogue.techniques.push_back(technique);
  catalogue.safety.levels["urgent"] = {"Urgent", std::string("with a \0 byte", 13)};
  catalogue.plan_wording.texts["a.b"] = {"says {name}", {"seed:x"}};
  auto decoded = content::decode_catalogue(content::encode_catalogue(catalogue));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_TRUE(decoded.value() == catalogue);
}

TEST(ContentCodec, RefusesBytesItDidNotWrite) {
  const std::string bytes = content::encode_catalogue(yaml_catalogue());
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    auto decoded = content::decode_catalogue(std::string_view(bytes).substr(0, cut));
    ASSERT_FALSE(decoded) << "cut at " << cut;
    EXPECT_EQ(decoded.error().kind, ErrorKind::kFailure);
    EXPECT_NE(decoded.error().message.find("compiled knowledge base"), std::string::npos);
  }
  auto longer = content::decode_catalogue(bytes + "x");
  EXPECT_FALSE(longer);
  std::string other_format = bytes;
  other_format[3] = '\x7f';
  EXPECT_FALSE(content::decode_catalogue(other_format));
}

}  // namespace
}  // namespace unknot
