// The paired bootstrap of include/ranksent/eval/paired_bootstrap.h.
#include "ranksent/eval/paired_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include <fmt/core.h>

#include "ranksent/error.h"
#include "ranksent/eval/metrics.h"

namespace ranksent::eval {

double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const double pos = q / 100.0 * double(sorted.size() - 1);
  const auto lo = std::size_t(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

std::vector<double> pick(const std::vector<double>& x, const std::vector<std::size_t>& idx) {
  std::vector<double> out(idx.size());
  for (std::size_t i = 0; i < idx.size(); ++i) out[i] = x[idx[i]];
  return out;
}

// Spearman x 100 against gold ranks already computed.
double spearman_vs(const std::vector<double>& gold_ranks, const std::vector<double>& x) {
  return 100.0 * pearson(gold_ranks, average_ranks(x));
}

// diffs[s]: seed s's difference of STS averages under one draw of the pairs
// (idx[t] for task t; the identity draw gives the estimate).
std::vector<double> differences(const std::vector<PairedTask>& tasks, const std::vector<std::vector<std::size_t>>& idx,
                                std::size_t seeds) {
  std::vector<double> diff(seeds, 0.0);
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const auto gold_ranks = average_ranks(pick(tasks[t].gold, idx[t]));
    for (std::size_t s = 0; s < seeds; ++s)
      diff[s] += (spearman_vs(gold_ranks, pick(tasks[t].a[s], idx[t])) -
                  spearman_vs(gold_ranks, pick(tasks[t].b[s], idx[t]))) /
                 double(tasks.size());
  }
  return diff;
}

BootstrapInterval interval(double estimate, std::vector<double> draws, double level) {
  std::sort(draws.begin(), draws.end());
  const double tail = 50.0 * (1.0 - level);
  return {estimate, percentile(draws, tail), percentile(draws, 100.0 - tail)};
}

// Seeds and cosines counted before any draw, so that a mismatch is named.
void check_inputs(const std::vector<PairedTask>& tasks, const BootstrapOptions& o) {
  if (tasks.empty()) throw std::invalid_argument("paired bootstrap: no task");
  if (o.replicates < 1 || !(o.level > 0 && o.level < 1))
    throw std::invalid_argument("paired bootstrap: replicates >= 1 and a level in (0, 1) are needed");
  const std::size_t seeds = tasks.front().a.size();
  for (const auto& t : tasks) {
    if (seeds == 0 || t.a.size() != seeds || t.b.size() != seeds)
      throw std::invalid_argument(fmt::format(
          "paired bootstrap: task {} has {} run(s) of a and {} of b where task {} has {} of a: every task needs "
          "one run a training seed on both sides, the same seeds in the same order",
          t.name, t.a.size(), t.b.size(), tasks.front().name, seeds));
    for (const auto* side : {&t.a, &t.b})
      for (const auto& run : *side)
        if (run.size() != t.gold.size() || t.gold.size() < 3)
          throw std::invalid_argument(
              fmt::format("paired bootstrap: task {}: {} cosines for {} gold scores (the same count, 3 or more, is "
                          "needed)",
                          t.name, run.size(), t.gold.size()));
  }
}

// The mean over `seeds` (indices into d, repeats allowed) of d.
double mean_of(const std::vector<double>& d, const std::vector<std::size_t>& seeds) {
  double mean = 0;
  for (std::size_t s : seeds) mean += d[s] / double(seeds.size());
  return mean;
}

}  // namespace

PairedBootstrap paired_bootstrap(const std::vector<PairedTask>& tasks, const BootstrapOptions& o) {
  check_inputs(tasks, o);
  const std::size_t seeds = tasks.front().a.size();
  PairedBootstrap r;
  r.replicates = o.replicates;
  r.level = o.level;
  std::vector<std::vector<std::size_t>> idx(tasks.size());
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    r.tasks.push_back(tasks[t].name);
    idx[t].resize(tasks[t].gold.size());
    for (std::size_t i = 0; i < idx[t].size(); ++i) idx[t][i] = i;
  }
  std::vector<std::size_t> all_seeds(seeds), drawn(seeds);
  for (std::size_t s = 0; s < seeds; ++s) all_seeds[s] = s;
  const auto point = differences(tasks, idx, seeds);
  std::vector<std::vector<double>> draws(seeds);
  std::vector<double> pooled_draws, two_level_draws;
  // Pairs from `seed`'s stream, as before the intervals over seeds existed;
  // training seeds from a stream of their own (docs/method.md section 4).
  std::mt19937_64 rng(o.seed), seed_rng(o.seed ^ 0x9e3779b97f4a7c15ULL);
  std::uniform_int_distribution<std::size_t> any_seed(0, seeds - 1);
  for (int rep = 0; rep < o.replicates; ++rep) {
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      std::uniform_int_distribution<std::size_t> any(0, tasks[t].gold.size() - 1);
      for (auto& i : idx[t]) i = any(rng);
    }
    const auto d = differences(tasks, idx, seeds);
    for (std::size_t s = 0; s < seeds; ++s) draws[s].push_back(d[s]);
    pooled_draws.push_back(mean_of(d, all_seeds));
    for (auto& s : drawn) s = any_seed(seed_rng);
    two_level_draws.push_back(mean_of(d, drawn));
  }
  for (std::size_t s = 0; s < seeds; ++s) r.per_seed.push_back(interval(point[s], draws[s], o.level));
  r.pooled = interval(mean_of(point, all_seeds), pooled_draws, o.level);
  if (seeds >= 2) {
    r.over_seeds = interval(r.pooled.estimate, two_level_draws, o.level);
    r.t_over_seeds = t_interval(point, o.level);
  }
  return r;
}

namespace {

// task name -> its "pairs" entry, from one results file.
std::map<std::string, const nlohmann::json*> pairs_of(const nlohmann::json& results, const std::string& file) {
  std::map<std::string, const nlohmann::json*> out;
  if (results.contains("sts"))
    for (const auto& [name, entry] : results["sts"].items())
      if (entry.is_object() && entry.contains("pairs")) out[name] = &entry["pairs"];
  if (out.empty())
    throw InputError(file,
                     "no STS pairs recorded (field 'sts.<task>.pairs'): evaluate again with this version of "
                     "`ranksent eval`");
  return out;
}

std::vector<double> numbers(const nlohmann::json& j, const std::string& file, const std::string& field) {
  if (!j.is_array()) throw InputError(file, "field '" + field + "': expected an array of numbers");
  std::vector<double> out;
  out.reserve(j.size());
  for (const auto& v : j) {
    if (!v.is_number()) throw InputError(file, "field '" + field + "': expected an array of numbers");
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

std::vector<PairedTask> paired_tasks(const std::vector<nlohmann::json>& a, const std::vector<std::string>& a_files,
                                     const std::vector<nlohmann::json>& b, const std::vector<std::string>& b_files) {
  if (a.empty() || a.size() != b.size() || a.size() != a_files.size() || b.size() != b_files.size())
    throw std::invalid_argument("paired bootstrap: as many results files on each side are needed, one a seed");
  std::vector<std::map<std::string, const nlohmann::json*>> pa, pb;
  for (std::size_t s = 0; s < a.size(); ++s)
    pa.push_back(pairs_of(a[s], a_files[s])), pb.push_back(pairs_of(b[s], b_files[s]));
  std::vector<PairedTask> tasks;
  for (const auto& [name, first] : pa.front()) {
    bool everywhere = true;
    for (std::size_t s = 0; s < a.size(); ++s) everywhere = everywhere && pa[s].count(name) && pb[s].count(name);
    if (!everywhere) continue;
    PairedTask t;
    t.name = name;
    const std::string field = "sts." + name + ".pairs";
    t.gold = numbers((*first)["gold"], a_files.front(), field + ".gold");
    for (std::size_t s = 0; s < a.size(); ++s) {
      for (const auto& [side, files, out] :
           {std::tuple{&pa[s], &a_files[s], &t.a}, std::tuple{&pb[s], &b_files[s], &t.b}}) {
        const nlohmann::json& p = *side->at(name);
        if (numbers(p["gold"], *files, field + ".gold") != t.gold)
          throw InputError(*files,
                           "field '" + field + ".gold': differs from " + a_files.front() + "'s (another data folder?)");
        out->push_back(numbers(p["cos"], *files, field + ".cos"));
      }
    }
    tasks.push_back(std::move(t));
  }
  return tasks;
}

std::string markdown_bootstrap(const PairedBootstrap& r, const std::string& a_label, const std::string& b_label,
                               const std::vector<std::string>& seed_labels) {
  const std::size_t n = r.per_seed.size();
  std::string md = fmt::format(
      "{} minus {}: STS average (Spearman x 100 over {} tasks), {} training seed(s), {} bootstrap replicates, "
      "{:.0f}% intervals (percentile intervals for the bootstrap rows).\n\n| seed | interval | what it resamples | "
      "difference | {:.0f}% "
      "interval |\n| --- | --- | --- | ---: | --- |\n",
      a_label, b_label, r.tasks.size(), n, r.replicates, 100 * r.level, 100 * r.level);
  auto row = [&](const std::string& seed, const std::string& label, const std::string& what, double estimate,
                 double low, double high) {
    md += fmt::format("| {} | {} | {} | {:+.2f} | [{:+.2f}, {:+.2f}] |\n", seed, label, what, estimate, low, high);
  };
  const std::string pairs = "each STS task's test pairs (the same draw for both arms)";
  for (std::size_t s = 0; s < n; ++s)
    row(s < seed_labels.size() ? seed_labels[s] : std::to_string(s), "test pairs only (this trained model)", pairs,
        r.per_seed[s].estimate, r.per_seed[s].low, r.per_seed[s].high);
  if (!r.over_seeds || !r.t_over_seeds)
    return md +
           "\nOne training seed: only the test pairs are resampled, an interval about this trained model. The "
           "intervals over training seeds (\"" +
           std::string(kOverSeedsAndPairs) + "\", \"" + kTOverSeeds + "\") need two seeds or more.\n\n";
  const std::string mean = "mean over seeds";
  row(mean, kPairsOnly, pairs + fmt::format("; the {} trained models as they are", n), r.pooled.estimate, r.pooled.low,
      r.pooled.high);
  row(mean, kOverSeedsAndPairs,
      fmt::format("the {} training seeds (with replacement, a and b of a seed paired), then {}", n, pairs),
      r.over_seeds->estimate, r.over_seeds->low, r.over_seeds->high);
  const auto& t = *r.t_over_seeds;
  row(mean, kTOverSeeds,
      fmt::format("nothing: the {} per-seed differences on all test pairs, sd {:.2f}, Student t with {} df", n, t.sd,
                  n - 1),
      t.estimate, t.low, t.high);
  return md +
         "\nThe test-pairs-only rows are about these trained models; the two rows over seeds are about the recipe "
         "(would the mean gap hold with other training seeds?).\n\n";
}

}  // namespace ranksent::eval
