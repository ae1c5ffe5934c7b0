#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/generate/ranking_list.h"
#include "ranksent/train/trainer.h"

namespace ranksent {

std::vector<std::vector<std::string>> read_training_lists(const std::filesystem::path& path, std::size_t* rejected) {
  const std::string file = path.string();
  std::ifstream in(path);
  if (!in) throw InputError(file, "cannot open lists file");
  std::vector<std::vector<std::string>> lists;
  std::size_t skipped = 0;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    RankingList list;
    try {
      list = RankingList::from_json(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(file, std::string("not a JSON object: ") + e.what(), number);
    } catch (const std::invalid_argument& e) {
      throw InputError(file, std::string("not a ranking list record: ") + e.what(), number);
    }
    if (list.rejected) {
      ++skipped;
      continue;
    }
    if (list.sentences.size() < 3)
      throw InputError(file, "a ranking list needs at least 3 sentences (the seed and two more), this one has " +
                                 std::to_string(list.sentences.size()),
                       number, "sentences");
    lists.push_back(std::move(list.sentences));
  }
  if (rejected) *rejected = skipped;
  return lists;
}

}  // namespace ranksent
