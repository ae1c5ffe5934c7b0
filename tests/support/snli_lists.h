// Ranking lists built from real SNLI data (ranksent snli-lists), for the training tests: the
// premise, then its entailment, neutral and contradiction hypotheses, then
// other premises, an order of decreasing similarity to the seed.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent::test {

std::vector<std::vector<std::string>> snli_lists(std::size_t count, std::size_t length = 8);

// Writes lists as `ranksent generate` records (strategy "snli-fixture").
void write_lists_jsonl(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& lists);

}  // namespace ranksent::test
