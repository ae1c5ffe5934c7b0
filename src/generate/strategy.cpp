#include "ranksent/generate/strategy.h"

namespace ranksent {

std::string strategy_name(Strategy s) { return std::string(option_name(s)); }

std::optional<Strategy> parse_strategy(std::string_view name) { return find_option<Strategy>(name); }

void make_paper_exact(GenerateOptions& options) {
  options.decoding.escape.mode = FixedPointEscape::none;
  options.hygiene.enabled = false;
}

}  // namespace ranksent
