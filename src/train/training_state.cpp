#include "train/training_state.h"

#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/json_file.h"

namespace ranksent {

TrainingState TrainingState::load(const std::filesystem::path& path) {
  const auto j = read_json_file(path);
  TrainingState s;
  json_field(j, path, "step", s.step);
  json_field(j, path, "initial_dev", s.initial_dev);
  json_field(j, path, "best_dev", s.best_dev);
  json_field(j, path, "best_step", s.best_step);
  json_field(j, path, "lists", s.lists);
  json_field(j, path, "seed", s.seed);
  if (s.step < 0 || s.best_step < 0 || s.best_step > s.step)
    throw InputError(path.string(), "step " + std::to_string(s.step) + " / best_step " + std::to_string(s.best_step) +
                                        " are not a position of a run", 0, "step");
  return s;
}

void TrainingState::save(const std::filesystem::path& path) const {
  nlohmann::json j = {{"step", step}, {"initial_dev", initial_dev}, {"best_dev", best_dev},
                      {"best_step", best_step}, {"lists", lists}, {"seed", seed}};
  write_file_atomic(path, j.dump(2));
}

void TrainingLog::start(double lr, double initial_dev) {
  pending_.clear();
  write_file_atomic(path_, fmt::format("step,loss,lr,dev_spearman\n0,,{},{:.4f}\n", lr, initial_dev));
}

void TrainingLog::truncate_after(std::int64_t step) {
  std::ifstream in(path_);
  std::string kept, row;
  long number = 0;
  while (std::getline(in, row)) {
    ++number;
    if (row.starts_with("step")) {
      kept += row + "\n";
      continue;
    }
    std::int64_t at = 0;
    std::istringstream cell(row.substr(0, row.find(',')));
    if (!(cell >> at)) throw InputError(path_.string(), "not a step number", number, "step");
    if (at <= step) kept += row + "\n";
  }
  write_file_atomic(path_, kept);
  pending_.clear();
}

void TrainingLog::add_step(std::int64_t step, double loss, double lr) {
  pending_ += fmt::format("{},{:.6f},{:.3g},", step, loss, lr);
}

void TrainingLog::add_dev(double dev) { pending_ += fmt::format("{:.4f}\n", dev); }

void TrainingLog::end_row() { pending_ += "\n"; }

void TrainingLog::flush() {
  if (pending_.empty()) return;
  std::ofstream out(path_, std::ios::app);
  out << pending_;
  out.flush();
  if (!out) throw std::runtime_error(path_.string() + ": cannot append to the training log");
  pending_.clear();
}

}  // namespace ranksent
