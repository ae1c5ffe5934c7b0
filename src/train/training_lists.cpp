#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/train/trainer.h"

namespace ranksent {

std::vector<std::vector<std::string>> read_training_lists(const std::filesystem::path& path, std::size_t* rejected) {
  std::vector<std::vector<std::string>> lists;
  std::size_t skipped = 0;
  for (auto& list : read_lists_file(path)) {
    if (list.rejected) {
      ++skipped;
      continue;
    }
    if (list.sentences.size() < 3)
      throw InputError(path.string(), "a ranking list needs at least 3 sentences (the seed and two more), this one has " +
                                          std::to_string(list.sentences.size()),
                       list.source_line, "sentences");
    lists.push_back(std::move(list.sentences));
  }
  if (rejected) *rejected = skipped;
  return lists;
}

}  // namespace ranksent
