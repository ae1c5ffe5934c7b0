// Leaving fixed points (docs/method.md section 2.5, beyond the paper).
//
// Eq. 4 moves a sentence away from its predecessor only while
// x(i-1) != x(i-2); once a small LLM returns its input, c1 and c2 are the
// same context, Eq. 4 is plain greedy decoding and the list repeats. When a
// decoded sentence fails a sentence rule (it repeats an earlier sentence of
// its list, or is empty, truncated, multi-line, echoes the prompt, or has the
// wrong length), the engine decodes that step again, up to `max_redecodes`
// times, in one of these ways:
//   resample  every token of the step drawn from softmax(score / T), the
//             Eq. 4 scores, with a generator seeded by the list id, the
//             sentence and the attempt (a rerun writes the same list);
//   avoid     Eq. 4 again with a negative bias: a token that would continue
//             any earlier sentence of the list (the generated tokens so far
//             are a prefix of that sentence's tokens) loses `penalty`;
//   resample-avoid  both: drawn from softmax(score / T) of the penalised
//             scores, so that no draw is spent on a copy (small models,
//             whose sampled steps copy their input more often than not);
//   none      the paper's decoder: the step stands and verification decides.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ranksent/generate/llm.h"
#include "ranksent/options.h"

namespace ranksent {

std::string escape_name(FixedPointEscape e);
// nullopt for an unknown name.
std::optional<FixedPointEscape> parse_escape(std::string_view name);

struct EscapeOptions {
  FixedPointEscape mode = FixedPointEscape::resample_avoid;
  int max_redecodes = 12;    // per sentence
  double temperature = 0.8;  // resample: softmax(score / T)
  double penalty = 5.0;      // avoid: subtracted from a copying token's score
};

// A small counter-based generator (splitmix64): the same key gives the same
// stream on every platform, unlike std:: distributions.
class StepRandom {
 public:
  // Keyed by the list (a hash of its id), the 1-based sentence and the attempt.
  StepRandom(std::uint64_t list_key, int sentence, int attempt);
  std::uint64_t next();
  double uniform();  // in [0, 1)

 private:
  std::uint64_t state_;
};

// Stable 64-bit FNV-1a of a string (list ids are hashed through their JSON text).
std::uint64_t stable_hash(std::string_view text);

// Draws a token from softmax(scores / temperature).
Token sample_token(std::span<const float> scores, double temperature, StepRandom& random);

// The avoid rule: for every earlier sentence whose tokens start with
// `generated`, the token that would continue it (end-of-generation when it
// is complete) loses `penalty`.
void penalise_copies(std::span<float> scores, const std::vector<Token>& generated,
                     const std::vector<std::vector<Token>>& earlier, Token end_of_generation, double penalty);

}  // namespace ranksent
