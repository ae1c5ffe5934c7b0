// SNLI in SentEval's layout (s1/s2/labels.<split>): the premise pool of seed
// selection, the SNLI-label lists and the SNLI reranking set read it.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/eval/text_files.h"

namespace ranksent::eval {

// One line of SNLI's SentEval layout (s1.<split>, s2.<split>, labels.<split>):
// premise, hypothesis and label, whitespace-joined; `line` is 1-based.
struct SnliPair {
  std::string premise, hypothesis, label;
  long line = 0;
};

// Every pair of a split, in file order. InputError naming the file and line
// for differing line counts, invalid UTF-8 or a label other than
// entailment / neutral / contradiction; TaskMissing when the folder is absent.
std::vector<SnliPair> read_snli(const std::filesystem::path& dir, const std::string& split);

}  // namespace ranksent::eval
