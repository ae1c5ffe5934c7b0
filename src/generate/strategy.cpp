#include "ranksent/generate/strategy.h"

namespace ranksent {

std::string strategy_name(Strategy s) {
  switch (s) {
    case Strategy::directional:
      return "directional";
    case Strategy::step_by_step:
      return "step-by-step";
    case Strategy::single_step:
      return "single-step";
    case Strategy::shuffle:
      return "shuffle";
  }
  return "directional";
}

std::optional<Strategy> parse_strategy(std::string_view name) {
  for (auto s : {Strategy::directional, Strategy::step_by_step, Strategy::single_step, Strategy::shuffle})
    if (name == strategy_name(s)) return s;
  return std::nullopt;
}

void make_paper_exact(GenerateOptions& options) {
  options.decoding.escape.mode = FixedPointEscape::none;
  options.hygiene.enabled = false;
}

}  // namespace ranksent
