// A ranking list (docs/method.md section 2): the seed followed by the sentences an
// LLM wrote, each meant to drift further from the seed. One JSON object a
// line in lists.jsonl; rule-based verification (appendix A, last paragraph)
// decides whether a list is kept, and a rejected list carries its reason.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent {

class OutputHygiene;

struct RankingList {
  nlohmann::json id;  // the seed's id: its "id" field, else its line number
  std::string seed;
  std::vector<std::string> sentences;   // sentences[0] == seed
  std::string strategy;                 // directional, step-by-step, single-step, shuffle
  std::optional<double> lambda;         // directional only (Eq. 4)
  std::string model;                    // GGUF file name
  std::string model_sha256;             // first 16 hex digits of the file's sha256
  std::string prompt;                   // template name
  int steps = 0;                        // sentences asked for after the seed
  std::optional<std::string> rejected;  // why verification refused it; absent = kept
  std::string escape;                   // fixed-point escape of the decoder ("none" = the paper's); LLM strategies
  int redecodes = 0;                    // steps decoded again to leave a fixed point (fixed_point_escape.h)
  nlohmann::json extra = nlohmann::json::object();  // fields this program does not know, written back as read
  std::int64_t generated_tokens = 0;                // not written: for progress only
  long source_line = 0;                             // not written: the line of the file it was read from

  nlohmann::json to_json() const;
  // The fields that say which run wrote the record (strategy, model_sha256,
  // prompt, steps, lambda, escape) as text: a resumed file and merged shards
  // must agree on them. An unset field reads "" ("0" steps, "none" lambda).
  std::map<std::string, std::string> run_fields() const;
  // Only "sentences" is required: a missing seed is sentences[0], missing
  // steps is the count after the seed, a missing id is left null (readers
  // give the line number). Throws std::invalid_argument naming the field
  // when one is of the wrong type.
  static RankingList from_json(const nlohmann::json& j);
};

// What the decoder knows about each generated sentence beyond its text.
struct SentenceFlags {
  bool truncated = false;  // hit the cap on new tokens before end-of-generation
};

struct VerifyOptions {
  int steps = 32;
  // Our addition (on by default): no two consecutive sentences equal after
  // case and whitespace folding.
  bool reject_consecutive_duplicates = true;
  // The echo and length rules (output_hygiene.h); null = the paper's rules only.
  const OutputHygiene* hygiene = nullptr;
};

// Appendix A's rules: complete (exactly 1 + steps non-empty sentences, none
// truncated), no sentence holding a newline (the authors' filter), with a
// hygiene set no echoed prompt text and no sentence of the wrong length, no two
// consecutive sentences equal after folding (our addition, behind a flag),
// no degenerate tail (the authors drop a list whose last or second-to-last
// sentence occurs 3 or more times in it). Checked in that order, the
// per-sentence rules on the sentences present (a list the decoder stopped
// early names the rule that stopped it). Returns the first reason, or nullopt.
std::optional<std::string> verify_list(const std::vector<std::string>& sentences,
                                       const std::vector<SentenceFlags>& flags, const VerifyOptions& options);

// The rules one new sentence must pass, as the decoder checks it before the
// next step: truncated, empty, newline, echo, length, then a repeat of the
// previous sentence (with `any_earlier`, of any earlier one: a fixed point the
// decoder escapes). `earlier` holds the list so far, seed first.
std::optional<std::string> check_sentence(const std::vector<std::string>& earlier, const std::string& sentence,
                                          SentenceFlags flags, const VerifyOptions& options, bool any_earlier);

// The rule a rejection reason names: the text before its first ':'.
std::string rule_of(std::string_view reason);

// A decoded sentence as it enters the list: surrounding whitespace and one
// leading list marker ("1.", "2)", "-", "*") stripped (docs/method.md section 2).
std::string clean_sentence(std::string_view text);

// ASCII whitespace stripped from both ends.
std::string_view trim_space(std::string_view text);

// Case, whitespace and ASCII punctuation folding used by the duplicate rule
// and the escape's repeat check: lower case, punctuation as a space, runs of
// spaces as one, none at the ends.
std::string fold_sentence(std::string_view text);

// The numbered output of the single-step prompt, one sentence per item.
// Lines with a leading number ("1.", "2)") are the items; when no line is
// numbered, every non-empty line is one.
std::vector<std::string> parse_numbered_list(std::string_view text);

}  // namespace ranksent
