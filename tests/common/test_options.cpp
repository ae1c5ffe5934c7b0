// The typed options' one table of spellings (ranksent/options.h): every
// value round-trips through its name, the names are the ones the CLI, study
// files and lists records have always used, and a bad name is an OptionError
// that names the field and every choice.
#include <gtest/gtest.h>

#include "ranksent/error.h"
#include "ranksent/options.h"

namespace ranksent {
namespace {

template <typename E>
void expect_round_trip(std::initializer_list<E> values) {
  std::vector<std::string> names;
  for (E v : values) {
    const std::string name(option_name(v));
    EXPECT_EQ(parse_option<E>(name, "field"), v) << name;
    names.push_back(name);
  }
  EXPECT_EQ(option_names<E>(), names);  // every value, once, in declaration order
}

TEST(Options, EveryValueRoundTrips) {
  expect_round_trip({Dtype::Auto, Dtype::Float32, Dtype::BFloat16, Dtype::Float16});
  expect_round_trip({Precision::Float32, Precision::BFloat16});
  expect_round_trip({Pooling::Cls, Pooling::ClsBeforePooler, Pooling::Mean});
  expect_round_trip({Strategy::directional, Strategy::step_by_step, Strategy::single_step, Strategy::shuffle});
  expect_round_trip(
      {FixedPointEscape::none, FixedPointEscape::resample, FixedPointEscape::avoid, FixedPointEscape::resample_avoid});
  expect_round_trip({TargetKind::Refined, TargetKind::Rank, TargetKind::Semantic});
  expect_round_trip({RefineMode::Paper, RefineMode::Literal, RefineMode::Released});
  expect_round_trip({ListMleRows::Whole, ListMleRows::Others});
  expect_round_trip({SelectMetric::Stsb, SelectMetric::StsbSickr});
  expect_round_trip({LrSchedule::Linear, LrSchedule::Constant});
}

// The spellings written into lists records, recipe.json and study files.
TEST(Options, SpellingsOfTheRecords) {
  EXPECT_EQ(option_name(Strategy::step_by_step), "step-by-step");
  EXPECT_EQ(option_name(FixedPointEscape::resample_avoid), "resample-avoid");
  EXPECT_EQ(option_name(Pooling::ClsBeforePooler), "cls_before_pooler");
  EXPECT_EQ(option_name(SelectMetric::StsbSickr), "stsb-sickr");
  EXPECT_EQ(option_name(Dtype::BFloat16), "bfloat16");
  EXPECT_EQ(option_choices<Precision>(), "float32 | bfloat16");
}

TEST(Options, AnAliasParsesButIsNeverWritten) {
  EXPECT_EQ(parse_option<Pooling>("avg", "pooling"), Pooling::Mean);
  EXPECT_EQ(option_name(Pooling::Mean), "mean");
  EXPECT_EQ(option_names<Pooling>(), (std::vector<std::string>{"cls", "cls_before_pooler", "mean"}));
}

TEST(Options, ABadNameNamesTheFieldAndTheChoices) {
  try {
    parse_option<Dtype>("fp8", "dtype");
    FAIL() << "no error";
  } catch (const OptionError& e) {
    EXPECT_EQ(e.field(), "dtype");
    EXPECT_STREQ(e.what(), "dtype: unknown value 'fp8' (auto | float32 | bfloat16 | float16)");
  }
  EXPECT_THROW(parse_option<Strategy>("Directional", "strategy"), UsageError);  // names are exact
  EXPECT_EQ(find_option<Strategy>(""), std::nullopt);
}

}  // namespace
}  // namespace ranksent
