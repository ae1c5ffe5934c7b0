// The training lists of `train --lists`, streamed: one pass checks every
// line and keeps where each usable list is; a list's sentences are read from
// the file when a step takes it, so 200,000 lists are never held at once
// (docs/robustness.md, "Streaming").
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ranksent {

class TrainingLists {
 public:
  // Every line a list record with a unique id (InputError naming file, line
  // and field otherwise); lists rejected by verification are counted and
  // skipped; a kept list needs at least 3 sentences.
  explicit TrainingLists(const std::filesystem::path& path);
  std::size_t size() const { return places_.size(); }
  bool empty() const { return places_.empty(); }
  std::size_t rejected() const { return rejected_; }
  // The sentences of usable list i (seed first), read from the file.
  std::vector<std::string> at(std::size_t i) const;

 private:
  struct Place {
    std::uint64_t offset = 0;
    std::size_t size = 0;
    long line = 0;
  };
  std::filesystem::path path_;
  std::vector<Place> places_;
  std::size_t rejected_ = 0;
  mutable std::ifstream in_;
};

}  // namespace ranksent
