// Markdown tables of `ranksent eval` results, laid out like the paper's
// Table 1 (STS), Table 7 (transfer) and Table 2 (reranking), and the
// before/after comparison of Table 4.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent::eval {

// The model's label in tables: results["label"], else the model folder's name.
std::string result_label(const nlohmann::json& results);

// Every table the results have data for (per-subset STS table included).
std::string markdown_tables(const nlohmann::json& results);

// Rows a, b and b - a for every column both have (Table 4 style).
std::string markdown_compare(const nlohmann::json& before, const nlohmann::json& after);
// One before and several runs after (training seeds): the mean of the runs,
// their sample standard deviation and the mean's delta, on the columns every
// file has.
std::string markdown_compare_seeds(const nlohmann::json& before, const std::vector<nlohmann::json>& afters);

// Mean and sample standard deviation (n - 1; 0 for a single value) of the
// runs of one arm, and its table cell: "m ± s" for several runs, "m" for one.
struct MeanStd {
  double mean = 0, std = 0;
};
MeanStd mean_std(const std::vector<double>& v);
std::string mean_std_cell(const std::vector<double>& v);

// One of the paper's tables ("sts": Table 1, "transfer": Table 7, "rerank":
// Table 2, MAP) with a row for the model before post-training and, for each
// training arm, the mean over its runs (± sample std when several) and the
// mean's Δ against the first row. Empty when no result has the family.
struct Arm {
  std::string label;
  std::vector<nlohmann::json> runs;
};
std::string markdown_arms_table(const std::string& family, const nlohmann::json& base, const std::vector<Arm>& arms);

}  // namespace ranksent::eval
