// Ranking lists from SNLI's human labels instead of an LLM, in the records of
// `ranksent generate` (strategy "snli-labels"): a premise, its entailment,
// neutral and contradiction hypotheses, then other premises: an order of
// decreasing similarity to the premise. The control arm of the post-training
// study, and training data where no LLM list survives verification.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/generate/ranking_list.h"

namespace ranksent {

// From SNLI's `split` in `snli_dir`: premises (consecutive lines) with all
// three labels, in file order, the first hypothesis of each label; the other
// premises of list i are those of lists i+7, i+14, ... (mod the number of
// such premises). `length` >= 4 sentences a list.
std::vector<RankingList> snli_label_lists(const std::filesystem::path& snli_dir, std::size_t count,
                                          std::size_t length = 8, const std::string& split = "dev");

}  // namespace ranksent
