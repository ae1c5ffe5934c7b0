#include "ranksent/generate/fixed_point_escape.h"

#include <algorithm>
#include <cmath>

namespace ranksent {

std::string escape_name(FixedPointEscape e) { return std::string(option_name(e)); }

std::optional<FixedPointEscape> parse_escape(std::string_view name) { return find_option<FixedPointEscape>(name); }

namespace {
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

StepRandom::StepRandom(std::uint64_t list_key, int sentence, int attempt)
    : state_(mix(list_key ^ mix(std::uint64_t(sentence) << 20 ^ std::uint64_t(attempt)))) {}

std::uint64_t StepRandom::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return mix(state_);
}

double StepRandom::uniform() { return double(next() >> 11) * 0x1.0p-53; }

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

Token sample_token(std::span<const float> scores, double temperature, StepRandom& random) {
  const double t = std::max(temperature, 1e-6);
  const float mx = *std::max_element(scores.begin(), scores.end());
  double total = 0;
  for (float s : scores) total += std::exp((double(s) - mx) / t);
  double u = random.uniform() * total;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    u -= std::exp((double(scores[i]) - mx) / t);
    if (u < 0) return Token(i);
  }
  return Token(std::max_element(scores.begin(), scores.end()) - scores.begin());  // rounding at the very end
}

void penalise_copies(std::span<float> scores, const std::vector<Token>& generated,
                     const std::vector<std::vector<Token>>& earlier, Token end_of_generation, double penalty) {
  for (const auto& s : earlier) {
    if (s.size() < generated.size() || !std::equal(generated.begin(), generated.end(), s.begin())) continue;
    const Token next = s.size() == generated.size() ? end_of_generation : s[generated.size()];
    if (next >= 0 && std::size_t(next) < scores.size()) scores[std::size_t(next)] -= float(penalty);
  }
}

}  // namespace ranksent
