// Intervals of a difference in STS scores between two training arms
// evaluated on the same test pairs (docs/method.md section 4; docs/
// evaluation.md, "Intervals of a difference"). Three, each saying what it
// resamples:
// - test pairs only (these trained models): the paired bootstrap (Efron and
//   Tibshirani 1993, ch. 13; the percentile interval). A replicate draws
//   every task's pairs with replacement, the same draw for both arms and for
//   every training seed, and recomputes the STS average (mean over tasks of
//   Spearman x 100) of each; per seed, and for the mean over seeds of the
//   per-seed differences: an interval about these trained models;
// - over training seeds and test pairs (two or more seeds): the two-level
//   bootstrap. A replicate draws the training seeds with replacement (a and
//   b of one seed stay paired), then the test pairs as above, and takes the
//   mean over the drawn seeds of the differences: an interval about the
//   recipe, another training seed included;
// - t over seeds (n-1 df; two or more seeds): the per-seed differences on the
//   test pairs as they are, mean ± Student t x sd / sqrt(n).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranksent/eval/student_t.h"

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

// How the tables name each interval (docs/evaluation.md).
inline constexpr const char* kPairsOnly = "test pairs only (these trained models)";
inline constexpr const char* kOverSeedsAndPairs = "over training seeds and test pairs";
inline constexpr const char* kTOverSeeds = "t over seeds (n-1 df)";

struct PairedBootstrap {
  std::vector<std::string> tasks;
  std::vector<BootstrapInterval> per_seed;  // a[s] minus b[s], test pairs only
  BootstrapInterval pooled;                 // mean over seeds, test pairs only
  // With two seeds or more: the two-level bootstrap and the t interval, both
  // about the mean over seeds (the same estimate as pooled's).
  std::optional<BootstrapInterval> over_seeds;
  std::optional<MeanInterval> t_over_seeds;
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

// Every task must hold as many seeds on both sides (and as the other tasks)
// and as many cosines as gold scores; std::invalid_argument saying which
// task and what differs otherwise. The test pairs are drawn from `seed`'s
// stream as before the intervals over seeds existed, the training seeds from
// a stream of their own, so a pair-only interval does not change with them.
PairedBootstrap paired_bootstrap(const std::vector<PairedTask>& tasks, const BootstrapOptions& options);

// The STS tasks both sides of every seed evaluated, from `ranksent eval`
// results files (a[s] and b[s] are seed s's). InputError naming the file when
// a results file carries no pairs (written before they were recorded) or the
// two sides' gold scores differ.
std::vector<PairedTask> paired_tasks(const std::vector<nlohmann::json>& a, const std::vector<std::string>& a_files,
                                     const std::vector<nlohmann::json>& b, const std::vector<std::string>& b_files);

// A Markdown table of the intervals, one row per seed and, with two seeds
// or more, one row for each interval of the mean over seeds; each row says
// what it resamples. With one seed a line says why the intervals over
// training seeds are absent.
std::string markdown_bootstrap(const PairedBootstrap& r, const std::string& a_label, const std::string& b_label,
                               const std::vector<std::string>& seed_labels);

}  // namespace ranksent::eval
