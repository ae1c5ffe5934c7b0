// The trainer's resumable state beside its output (<output>.train/):
//   state.json   position, model selection's scores and the run's identity (lists, seed)
//   log.csv      step, loss, lr, STS-B dev and SICK-R dev Spearman
//   last/        the latest checkpoint: model/, optimizer.pt, state.json,
//                swapped in whole so that the three always agree.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "train/model_selection.h"

namespace ranksent {

struct TrainingState {
  std::int64_t step = 0;
  ModelSelection selection;
  std::string lists;  // the lists file the run trains on
  std::uint64_t seed = 0;

  // InputError naming the file and field for a missing or malformed file.
  static TrainingState load(const std::filesystem::path& state_json);
  void save(const std::filesystem::path& state_json) const;  // atomically
};

// log.csv: a header and the dev scores before training; rows appended as
// they are final; on resume the rows after the checkpoint's step are cut
// (they are redone). Columns: step, loss, lr, dev_spearman (STS-B dev),
// dev_sickr_spearman (SICK-R dev; empty when the data lacks it).
class TrainingLog {
 public:
  explicit TrainingLog(std::filesystem::path path) : path_(std::move(path)) {}
  void start(double lr, const DevScores& initial);
  void truncate_after(std::int64_t step);
  void add_step(std::int64_t step, double loss, double lr);  // held until flush
  void add_dev(const DevScores& dev);                        // ends the held row
  void end_row();                                            // a row without dev
  void flush();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::string pending_;
};

// Replaces `last_dir` by the directory `write` fills (a sibling is written,
// then renamed into place): a kill at any moment leaves the old or the new.
template <typename Write>
void swap_in_directory(const std::filesystem::path& last_dir, Write&& write) {
  namespace fs = std::filesystem;
  const std::string name = last_dir.filename().string();
  const fs::path fresh = last_dir.parent_path() / ("." + name + ".new"),
                 old = last_dir.parent_path() / ("." + name + ".old");
  fs::remove_all(fresh);
  fs::create_directories(fresh);
  write(fresh);
  fs::remove_all(old);
  if (fs::exists(last_dir)) fs::rename(last_dir, old);
  fs::rename(fresh, last_dir);
  fs::remove_all(old);
}

// Replaces `to` by a copy of the directory `from` whose files are hard links
// (copies where the file system refuses links): a second checkpoint costs
// no disk.
void link_directory(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace ranksent
