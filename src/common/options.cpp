// The one table of spellings for every typed option (ranksent/options.h).
#include "ranksent/options.h"

#include <array>
#include <utility>

#include "ranksent/error.h"

namespace ranksent {

namespace {

template <typename E>
struct Spelling {
  E value;
  std::string_view name;
  bool alias = false;  // parses, never written
};

template <typename E>
struct Table;

#define RANKSENT_OPTION_TABLE(E, ...)                                             \
  template <>                                                                     \
  struct Table<E> {                                                               \
    static constexpr std::array rows = std::to_array<Spelling<E>>({__VA_ARGS__}); \
  }

RANKSENT_OPTION_TABLE(Dtype, {Dtype::Auto, "auto"}, {Dtype::Float32, "float32"}, {Dtype::BFloat16, "bfloat16"},
                      {Dtype::Float16, "float16"});
RANKSENT_OPTION_TABLE(Precision, {Precision::Float32, "float32"}, {Precision::BFloat16, "bfloat16"});
RANKSENT_OPTION_TABLE(Pooling, {Pooling::Cls, "cls"}, {Pooling::ClsBeforePooler, "cls_before_pooler"},
                      {Pooling::Mean, "mean"}, {Pooling::Mean, "avg", true});
RANKSENT_OPTION_TABLE(Strategy, {Strategy::directional, "directional"}, {Strategy::step_by_step, "step-by-step"},
                      {Strategy::single_step, "single-step"}, {Strategy::shuffle, "shuffle"});
RANKSENT_OPTION_TABLE(FixedPointEscape, {FixedPointEscape::none, "none"}, {FixedPointEscape::resample, "resample"},
                      {FixedPointEscape::avoid, "avoid"}, {FixedPointEscape::resample_avoid, "resample-avoid"});
RANKSENT_OPTION_TABLE(TargetKind, {TargetKind::Refined, "refined"}, {TargetKind::Rank, "rank"},
                      {TargetKind::Semantic, "semantic"});
RANKSENT_OPTION_TABLE(RefineMode, {RefineMode::Paper, "paper"}, {RefineMode::Literal, "literal"},
                      {RefineMode::Released, "released"});
RANKSENT_OPTION_TABLE(ListMleRows, {ListMleRows::Whole, "whole"}, {ListMleRows::Others, "others"});
RANKSENT_OPTION_TABLE(SelectMetric, {SelectMetric::Stsb, "stsb"}, {SelectMetric::StsbSickr, "stsb-sickr"});
RANKSENT_OPTION_TABLE(LrSchedule, {LrSchedule::Linear, "linear"}, {LrSchedule::Constant, "constant"});
#undef RANKSENT_OPTION_TABLE

}  // namespace

template <typename E>
std::string_view option_name(E value) {
  for (const auto& row : Table<E>::rows)
    if (row.value == value && !row.alias) return row.name;
  return "?";  // not reached: every enumerator has a row
}

template <typename E>
std::optional<E> find_option(std::string_view name) {
  for (const auto& row : Table<E>::rows)
    if (row.name == name) return row.value;
  return std::nullopt;
}

template <typename E>
std::vector<std::string> option_names() {
  std::vector<std::string> names;
  for (const auto& row : Table<E>::rows)
    if (!row.alias) names.emplace_back(row.name);
  return names;
}

template <typename E>
std::string option_choices() {
  std::string out;
  for (const auto& name : option_names<E>()) out += (out.empty() ? "" : " | ") + name;
  return out;
}

template <typename E>
E parse_option(std::string_view name, std::string_view field) {
  if (auto value = find_option<E>(name)) return *value;
  throw OptionError(std::string(field), "unknown value '" + std::string(name) + "' (" + option_choices<E>() + ")");
}

#define RANKSENT_OPTION_INSTANCES(E)                          \
  template std::string_view option_name<E>(E);                \
  template std::optional<E> find_option<E>(std::string_view); \
  template std::vector<std::string> option_names<E>();        \
  template std::string option_choices<E>();                   \
  template E parse_option<E>(std::string_view, std::string_view)
RANKSENT_OPTION_INSTANCES(Dtype);
RANKSENT_OPTION_INSTANCES(Precision);
RANKSENT_OPTION_INSTANCES(Pooling);
RANKSENT_OPTION_INSTANCES(Strategy);
RANKSENT_OPTION_INSTANCES(FixedPointEscape);
RANKSENT_OPTION_INSTANCES(TargetKind);
RANKSENT_OPTION_INSTANCES(RefineMode);
RANKSENT_OPTION_INSTANCES(ListMleRows);
RANKSENT_OPTION_INSTANCES(SelectMetric);
RANKSENT_OPTION_INSTANCES(LrSchedule);
#undef RANKSENT_OPTION_INSTANCES

}  // namespace ranksent
