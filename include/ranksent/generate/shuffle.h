// Ablation (c) of the paper: an existing list with sentences 2..n permuted
// (docs/method.md section 2.4). Needs no model.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ranksent/generate/strategy.h"

namespace ranksent {

// `shuffle`: needs no model.
std::unique_ptr<RankingStrategy> make_shuffle_strategy(const GenerateOptions& options);

// The ablation (c) permutation of sentences 2..n, seeded by `seed` and the
// list's id (so that it does not depend on the order lists are processed).
std::vector<std::string> shuffle_tail(const std::vector<std::string>& sentences, std::uint64_t seed,
                                      const std::string& id_key);

}  // namespace ranksent
