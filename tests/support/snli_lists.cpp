#include "support/snli_lists.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/train/snli_label_lists.h"
#include "support/environment.h"

namespace ranksent::test {

std::vector<std::vector<std::string>> snli_lists(std::size_t count, std::size_t length) {
  std::vector<std::vector<std::string>> out;
  for (auto& r : snli_label_lists(data_dir() / "SNLI", count, length)) out.push_back(std::move(r.sentences));
  return out;
}

void write_lists_jsonl(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& lists) {
  std::ofstream out(path);
  for (std::size_t i = 0; i < lists.size(); ++i) {
    nlohmann::json j = {{"id", i},
                        {"seed", lists[i][0]},
                        {"sentences", lists[i]},
                        {"strategy", "snli-fixture"},
                        {"steps", lists[i].size() - 1},
                        {"rejected", nullptr}};
    out << j.dump() << "\n";
  }
}

}  // namespace ranksent::test
