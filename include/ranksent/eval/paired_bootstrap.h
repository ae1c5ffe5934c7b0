// Paired bootstrap of a difference in STS scores between two encoders on the
// same test pairs (Efron and Tibshirani 1993, ch. 13; the percentile
// interval). A replicate draws every task's pairs with replacement, the same
// draw for both encoders and for every training seed, and recomputes the STS
// average (mean over tasks of Spearman x 100) of each: the interval is then
// about the test pairs, the one sample both encoders share. With several
// seeds the "pooled" difference is the mean over seeds of each seed's
// difference, under the same draw.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent::eval {

// One STS task as `ranksent eval` records it ("pairs" of the task's entry):
// gold scores and each run's cosines, pair by pair (STS12-16 pooled over
// their sub-datasets, as the task's score is).
struct PairedTask {
  std::string name;
  std::vector<double> gold;
  std::vector<std::vector<double>> a, b;  // [seed][pair]
};

struct BootstrapInterval {
  double estimate = 0;  // on the test pairs as they are
  double low = 0, high = 0;
};

struct PairedBootstrap {
  std::vector<std::string> tasks;
  std::vector<BootstrapInterval> per_seed;  // a[s] minus b[s]
  BootstrapInterval pooled;                 // mean over seeds
  int replicates = 0;
  double level = 0;
};

struct BootstrapOptions {
  int replicates = 1000;
  double level = 0.95;
  std::uint64_t seed = 0;
};

// The percentile of sorted values, linearly interpolated between closest
// ranks (numpy.percentile's default, q in [0, 100]).
double percentile(const std::vector<double>& sorted, double q);

// Every task must hold as many seeds on both sides and as many cosines as
// gold scores; std::invalid_argument otherwise.
PairedBootstrap paired_bootstrap(const std::vector<PairedTask>& tasks, const BootstrapOptions& options);

// The STS tasks both sides of every seed evaluated, from `ranksent eval`
// results files (a[s] and b[s] are seed s's). InputError naming the file when
// a results file carries no pairs (written before they were recorded) or the
// two sides' gold scores differ.
std::vector<PairedTask> paired_tasks(const std::vector<nlohmann::json>& a, const std::vector<std::string>& a_files,
                                     const std::vector<nlohmann::json>& b, const std::vector<std::string>& b_files);

// A Markdown table of the intervals, one row per seed and a pooled row.
std::string markdown_bootstrap(const PairedBootstrap& r, const std::string& a_label, const std::string& b_label,
                               const std::vector<std::string>& seed_labels);

}  // namespace ranksent::eval
