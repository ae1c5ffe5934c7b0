#include "train/training_lists.h"

#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"

namespace ranksent {

TrainingLists::TrainingLists(const std::filesystem::path& path) : path_(path) {
  const std::string file = path.string();
  if (path.extension() == ".gz")
    throw InputError(file, "a lists file for training must not be compressed (lists are read by offset)");
  // One pass that checks every record (ids unique); only where each kept
  // list is stays in memory.
  auto reader = ItemReader::lists(path);
  for (SeedItem item; reader.next(item);) {
    const RankingList& list = *item.source;
    const long number = reader.line_number();
    if (list.rejected) {
      ++rejected_;
      continue;
    }
    // With two sentences each ListMLE row holds one item: the loss is identically zero.
    if (list.sentences.size() < 3)
      throw InputError(file,
                       "a ranking list needs at least 3 sentences (the seed and two more), this one has " +
                           std::to_string(list.sentences.size()),
                       number, "sentences");
    places_.push_back({reader.line_offset(), reader.line_size(), number});
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
