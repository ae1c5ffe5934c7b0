#include "train/training_lists.h"

#include <unordered_set>

#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/io/text_lines.h"

namespace ranksent {

TrainingLists::TrainingLists(const std::filesystem::path& path) : path_(path) {
  const std::string file = path.string();
  if (path.extension() == ".gz") throw InputError(file, "a lists file for training must not be compressed (lists are read by offset)");
  LineReader lines(path);
  std::unordered_set<std::string> ids;
  for (std::string line; lines.next(line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const long number = lines.number();
    const RankingList list = parse_list_line(line, file, number);
    if (!ids.insert(list.id.dump()).second) throw InputError(file, "duplicate id " + list.id.dump(), number, "id");
    if (list.rejected) {
      ++rejected_;
      continue;
    }
    // With two sentences each ListMLE row holds one item: the loss is identically zero.
    if (list.sentences.size() < 3)
      throw InputError(file, "a ranking list needs at least 3 sentences (the seed and two more), this one has " +
                                 std::to_string(list.sentences.size()),
                       number, "sentences");
    places_.push_back({lines.offset(), line.size(), number});
  }
  in_.open(path, std::ios::binary);
  if (!in_) throw InputError(file, "cannot open file");
}

std::vector<std::string> TrainingLists::at(std::size_t i) const {
  const Place& p = places_.at(i);
  std::string line(p.size, '\0');
  in_.clear();
  in_.seekg(std::streamoff(p.offset));
  if (!in_.read(line.data(), std::streamsize(p.size)))
    throw InputError(path_.string(), "changed while training read it", p.line);
  return parse_list_line(line, path_.string(), p.line).sentences;
}

}  // namespace ranksent
