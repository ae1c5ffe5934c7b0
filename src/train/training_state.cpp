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
  nlohmann::json selection;
  json_field(j, path, "selection", selection);
  s.selection = ModelSelection::from_json(selection, path);
  json_field(j, path, "lists", s.lists);
  json_field(j, path, "seed", s.seed);
  for (SelectMetric m : {SelectMetric::Stsb, SelectMetric::StsbSickr}) {
    const auto best = s.selection.pick(m, false);
    if (s.step < 0 || (best && best->step > s.step))
      throw InputError(path.string(),
                       "step " + std::to_string(s.step) + " / best trained step " +
                           std::to_string(best ? best->step : 0) + " are not a position of a run",
                       0, "step");
  }
  return s;
}

void TrainingState::save(const std::filesystem::path& path) const {
  nlohmann::json j = {{"step", step}, {"selection", selection.to_json()}, {"lists", lists}, {"seed", seed}};
  write_file_atomic(path, j.dump(2));
}

namespace {
std::string dev_cells(const DevScores& d) {
  return fmt::format("{:.4f},{}", d.stsb, d.sickr ? fmt::format("{:.4f}", *d.sickr) : "");
}
}  // namespace

void TrainingLog::start(double lr, const DevScores& initial) {
  pending_.clear();
  write_file_atomic(path_,
                    fmt::format("step,loss,lr,dev_spearman,dev_sickr_spearman\n0,,{},{}\n", lr, dev_cells(initial)));
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

void TrainingLog::add_dev(const DevScores& dev) { pending_ += dev_cells(dev) + "\n"; }

void TrainingLog::end_row() { pending_ += ",\n"; }

void TrainingLog::flush() {
  if (pending_.empty()) return;
  std::ofstream out(path_, std::ios::app);
  out << pending_;
  out.flush();
  if (!out) throw std::runtime_error(path_.string() + ": cannot append to the training log");
  pending_.clear();
}

void link_directory(const std::filesystem::path& from, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  swap_in_directory(to, [&](const fs::path& dir) {
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
      const auto target = dir / fs::relative(it->path(), from);
      if (it->is_directory()) {
        fs::create_directories(target);
        continue;
      }
      std::error_code ec;
      fs::create_hard_link(it->path(), target, ec);
      if (ec) fs::copy_file(it->path(), target);
    }
  });
}

}  // namespace ranksent
