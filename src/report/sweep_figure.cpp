#include "sweep_figure.h"

#include <algorithm>
#include <optional>

#include <fmt/core.h>

#include "ranksent/eval/student_t.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/report/line_chart.h"

namespace ranksent {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// The STS average of one evaluation, when it has one.
std::optional<double> sts_avg(const json& r) {
  if (!r.is_object() || !r.contains("sts") || !r["sts"].contains("avg") || !r["sts"]["avg"].is_number())
    return std::nullopt;
  return r["sts"]["avg"].get<double>();
}

// A number as the CSV and the tables write it: shortest round trip, "" for
// none (an interval with fewer than two seeds).
std::string cell(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

std::string points_csv(const std::vector<SweepPoint>& points) {
  std::string csv = "x,arm,seeds_evaluated,seeds_planned,mean,sd,t95_low,t95_high,sts_avg_per_seed\n";
  for (const auto& p : points) {
    std::string per_seed;
    for (std::size_t k = 0; k < p.seeds.size(); ++k)
      per_seed += fmt::format("{}{}:{}", k ? ";" : "", p.seeds[k], p.sts_avg[k]);
    csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", p.x, p.arm, p.seeds.size(), p.planned, cell(p.mean), cell(p.sd),
                       cell(p.low), cell(p.high), per_seed);
  }
  return csv;
}

std::string points_table(const json& sweep, const std::vector<SweepPoint>& points) {
  std::string md = fmt::format(
      "| {} | arm | runs | STS avg, mean over seeds | 95% t interval | per seed |\n"
      "| ---: | --- | ---: | ---: | --- | --- |\n",
      sweep["x_label"].get<std::string>());
  for (const auto& p : points) {
    std::string per_seed;
    for (std::size_t k = 0; k < p.seeds.size(); ++k)
      per_seed += fmt::format("{}{}: {:.2f}", k ? ", " : "", p.seeds[k], p.sts_avg[k]);
    md += fmt::format("| {} | {} | {} of {} | {} | {} | {} |\n", p.x, p.arm, p.seeds.size(), p.planned,
                      std::isfinite(p.mean) ? fmt::format("{:.2f}", p.mean) : "-",
                      std::isfinite(p.low) ? fmt::format("[{:.2f}, {:.2f}]", p.low, p.high) : "- (fewer than 2 seeds)",
                      per_seed.empty() ? "-" : per_seed);
  }
  return md + "\n";
}

// The figure: the means with their band, and the encoder before as a dashed line.
void draw_sweep(const json& sweep, const std::vector<SweepPoint>& points, const json& base, const fs::path& figures) {
  Series mean{"mean over seeds; band: 95% t interval", {}, {}, "sweep"};
  std::vector<double> ticks;
  for (const auto& p : points) {
    ticks.push_back(p.x);
    if (p.seeds.empty()) continue;
    mean.x.push_back(p.x), mean.y.push_back(p.mean), mean.low.push_back(p.low), mean.high.push_back(p.high);
  }
  std::vector<Series> series = {mean};
  if (const auto b = sts_avg(base)) {
    Series before{fmt::format("before post-training ({:.2f})", *b), {ticks.front(), ticks.back()}, {*b, *b}, "base"};
    before.dashed = true;
    series.push_back(before);
  }
  const std::string name = "sweep-" + sweep["name"].get<std::string>();
  draw_line_chart(series, sweep["title"].get<std::string>(), sweep["x_label"].get<std::string>(),
                  "STS avg (Spearman x 100)", figures / (name + ".png"), figures / (name + ".svg"),
                  {ticks, sweep["x_scale"] == "log"});
}

}  // namespace

std::vector<SweepPoint> sweep_points(const json& sweep, const json& train, const EvalLookup& eval_of) {
  std::vector<SweepPoint> points;
  for (std::size_t i = 0; i < sweep["arms"].size(); ++i) {
    SweepPoint p;
    p.arm = sweep["arms"][i], p.x = sweep["x"][i];
    for (const auto& t : train) {
      if (t["name"] != p.arm) continue;
      p.planned = t["seeds"].size();
      for (const auto& seed : t["seeds"])
        if (const auto v = sts_avg(eval_of(fmt::format("eval-{}-seed{}", p.arm, seed.get<long>()))))
          p.seeds.push_back(seed.get<long>()), p.sts_avg.push_back(*v);
    }
    if (p.sts_avg.size() >= 2) {
      const auto t = eval::t_interval(p.sts_avg, 0.95);
      p.mean = t.estimate, p.sd = t.sd, p.low = t.low, p.high = t.high;
    } else if (p.sts_avg.size() == 1) {
      p.mean = p.sts_avg[0];
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::string sweep_section(const json& spec, const json& base, const EvalLookup& eval_of, const fs::path& figures,
                          std::size_t& drawn) {
  if (!spec.contains("sweep") || spec["sweep"].empty()) return {};
  std::string md =
      "## Sweeps (Fig. 3): STS avg against one setting\n\n"
      "Each sweep of the study file trains arms that differ in one setting. A point is the mean over the arm's "
      "training seeds of the STS avg (Spearman x 100, mean of the STS tasks); its band the 95% t interval over "
      "seeds (n - 1 df; none with fewer than two seeds): an interval about the recipe at that setting, not about "
      "one trained model. The dashed line is the encoder before post-training, as in the paper's Fig. 3.\n\n";
  for (const auto& sweep : spec["sweep"]) {
    const std::string name = "sweep-" + sweep["name"].get<std::string>();
    md += "### " + sweep["title"].get<std::string>() + "\n\n";
    const auto points = sweep_points(sweep, spec["train"], eval_of);
    const bool any = std::any_of(points.begin(), points.end(), [](const SweepPoint& p) { return !p.seeds.empty(); });
    if (!any) {
      md += "No arm of this sweep is evaluated yet.\n\n";
      continue;
    }
    draw_sweep(sweep, points, base, figures);
    write_file_atomic(figures / (name + ".csv"), points_csv(points));
    ++drawn;
    md += fmt::format("![{}](figures/{}.png)\n\n", sweep["title"].get<std::string>(), name);
    md += fmt::format("Files: [SVG](figures/{0}.svg), [the points as CSV](figures/{0}.csv).\n\n", name);
    md += points_table(sweep, points);
  }
  return md;
}

}  // namespace ranksent
