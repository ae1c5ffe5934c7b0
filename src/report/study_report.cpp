// The study report (study_report.h): Markdown first, then the same text as
// one HTML page with its figures inlined.
#include "ranksent/report/study_report.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/eval/paired_bootstrap.h"
#include "ranksent/eval/report_tables.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/json_file.h"
#include "ranksent/io/whole_file.h"
#include "ranksent/models.h"
#include "ranksent/report/line_chart.h"
#include "ranksent/report/markdown_html.h"
#include "ranksent/study/study.h"
#include "ranksent/tensor/torch_info.h"
#include "ranksent/train/recipe.h"

namespace ranksent {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Every stage's stage.json, read once: a missing or torn record is "not run".
struct StageRecords {
  std::map<std::string, json> by_id;
  StageRecords(const fs::path& study, const StudyPlan& plan) {
    for (const auto& st : plan.stages) {
      std::error_code ec;
      if (!fs::exists(study / st.id / "stage.json", ec)) continue;
      try {
        by_id[st.id] = read_json_file(study / st.id / "stage.json");
      } catch (const InputError&) {
      }
    }
  }
  const json* record(const std::string& id) const {
    const auto it = by_id.find(id);
    return it == by_id.end() || !it->second.is_object() ? nullptr : &it->second;
  }
  bool done(const std::string& id) const {
    const json* r = record(id);
    return r && r->value("status", std::string()) == "done";
  }
};

json eval_of(const fs::path& study, const StageRecords& records, const std::string& id) {
  return records.done(id) ? read_json_file(study / id / "eval.json") : json();
}

// The study's [[compare]] pairs: arm a minus arm b on the STS average. Per
// seed, the paired bootstrap over the test pairs (is the gap beyond the noise
// of the test pairs, for these trained models?); with two seeds or more, the
// mean over seeds also over training seeds, by the two-level bootstrap and a
// t interval (would the recipe keep the gap with other seeds?); docs/method.md
// section 4.
std::string bootstrap_section(const fs::path& study, const StageRecords& records, const json& spec) {
  if (!spec.contains("compare") || spec["compare"].empty()) return {};
  std::string md =
      "## Intervals of the differences (paired bootstrap; over training seeds)\n\n"
      "Each row says what its interval resamples: `test pairs only` holds the trained models fixed (an interval "
      "about them), `over training seeds and test pairs` (two-level bootstrap) and `t over seeds (n-1 df)` count "
      "the spread between training seeds (an interval about the recipe).\n\n";
  for (const auto& c : spec["compare"]) {
    const std::string a = c["a"], b = c["b"];
    md += "### " + a + " minus " + b + "\n\n";
    json seeds;
    for (const auto& t : spec["train"])
      if (t["name"] == a) seeds = t["seeds"];
    std::vector<json> ra, rb;
    std::vector<std::string> fa, fb, labels;
    for (const auto& seed : seeds) {
      for (const auto& [arm, results, files] : {std::tuple{&a, &ra, &fa}, std::tuple{&b, &rb, &fb}}) {
        const std::string id = fmt::format("eval-{}-seed{}", *arm, seed.get<long>());
        results->push_back(eval_of(study, records, id));
        files->push_back((study / id / "eval.json").string());
      }
      labels.push_back(fmt::format("seed {}", seed.get<long>()));
    }
    const bool ready = std::none_of(ra.begin(), ra.end(), [](const json& r) { return r.is_null(); }) &&
                       std::none_of(rb.begin(), rb.end(), [](const json& r) { return r.is_null(); });
    if (!ready) {
      md += "Not every seed of both arms is evaluated yet.\n\n";
      continue;
    }
    try {
      const auto tasks = eval::paired_tasks(ra, fa, rb, fb);
      const auto r = eval::paired_bootstrap(tasks, {c["replicates"].get<int>(), 0.95, 0});
      md += eval::markdown_bootstrap(r, a, b, labels);
    } catch (const InputError& e) {
      md += std::string("No interval: ") + e.what() + "\n\n";
    }
  }
  return md;
}

// The STS average of one arm's seeds at one checkpoint: "a, b, c: mean ± std".
std::string sts_avg_cell(const std::vector<json>& runs) {
  std::vector<double> v;
  std::string seeds;
  for (const auto& r : runs) {
    if (r.is_null() || !r.contains("sts") || !r["sts"].contains("avg") || !r["sts"]["avg"].is_number()) return "-";
    v.push_back(r["sts"]["avg"]);
    seeds += fmt::format("{}{:.2f}", seeds.empty() ? "" : ", ", v.back());
  }
  if (v.empty()) return "-";
  return v.size() == 1 ? seeds : seeds + ": " + eval::mean_std_cell(v);
}

// [evaluate] checkpoints: per arm, the STS average of the checkpoint each
// run's rule saved beside the last step and the best trained step under each
// selection rule (is a result the method's, or the rule's?).
std::string checkpoint_rules_section(const fs::path& study, const StageRecords& records, const json& spec) {
  if (!spec["evaluate"].contains("checkpoints") || spec["train"].empty()) return {};
  const std::vector<std::string> checkpoints = spec["evaluate"]["checkpoints"];
  std::string md =
      "## Checkpoint rules: STS avg per arm\n\n"
      "Spearman x 100, mean of the STS tasks, per seed then mean ± std. `model` is the checkpoint each run's "
      "selection rule saved (Table 4's recipe line); `best-stsb` the best trained step on STS-B dev, "
      "`best-stsb-sickr` on the mean of STS-B and SICK-R dev, `last` the last step.\n\n| arm | model |";
  std::string rule = "| --- | --- |";
  for (const auto& c : checkpoints) md += fmt::format(" {} |", c), rule += " --- |";
  md += "\n" + rule + "\n";
  for (const auto& a : spec["train"]) {
    const std::string name = a["name"];
    md += fmt::format("| {} |", name);
    for (std::size_t k = 0; k <= checkpoints.size(); ++k) {
      std::vector<json> runs;
      for (const auto& seed : a["seeds"]) {
        const std::string id = fmt::format("eval-{}-seed{}", name, seed.get<long>());
        runs.push_back(eval_of(study, records, k == 0 ? id : id + "-" + checkpoints[k - 1]));
      }
      md += fmt::format(" {} |", sts_avg_cell(runs));
    }
    md += "\n";
  }
  return md + "\n";
}

// One line per training arm under its Table 4: the recipe its runs used
// (recipe.json of the first seed) and the checkpoint each seed's selection
// rule picked, so a Δ of the start restored never passes without a word.
std::string recipe_of_arm(const fs::path& study, const json& arm) {
  std::string picks;
  std::string recipe;
  for (const auto& seed : arm["seeds"]) {
    const fs::path state =
        study / fmt::format("train-{}-seed{}", arm["name"].get<std::string>(), seed.get<long>()) / "model.train";
    std::error_code ec;
    if (recipe.empty() && fs::exists(state / "recipe.json", ec))
      recipe = recipe_line(read_json_file(state / "recipe.json"));
    if (!fs::exists(state / "selection.json", ec)) continue;
    const json sel = read_json_file(state / "selection.json");
    for (const auto& r : sel["rules"])
      if (r["output"].get<bool>())
        picks += fmt::format("{}seed {}: {}", picks.empty() ? "" : "; ", seed.get<long>(),
                             r["step"].get<long>() == 0
                                 ? std::string("the start (no trained checkpoint beat it)")
                                 : fmt::format("step {} (dev {:.2f})", r["step"].get<long>(), r["dev"].get<double>()));
  }
  if (recipe.empty()) return {};
  return "Recipe: " + recipe + ".  \nSaved checkpoint: " + (picks.empty() ? "none yet" : picks) + ".\n\n";
}

// One training run's log.csv (step, loss, lr, dev_spearman): the columns it
// has, empty cells skipped.
struct Curve {
  std::vector<double> step_loss, loss, step_dev, dev;
};
Curve read_log(const fs::path& file) {
  Curve c;
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line)) return c;
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  const auto col = [&](const std::string& name) {
    return std::size_t(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t s = col("step"), l = col("loss"), d = col("dev_spearman");
  for (long n = 2; std::getline(in, line); ++n) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) cells.push_back(x);
    auto num = [&](std::size_t i, double& out) {
      if (i >= cells.size() || cells[i].empty()) return false;
      try {
        out = std::stod(cells[i]);
      } catch (const std::exception&) {
        throw InputError(file.string(), "not a number: '" + cells[i] + "'", n, header[i]);
      }
      return std::isfinite(out);
    };
    double step = 0, v = 0;
    if (!num(s, step)) continue;
    if (num(l, v)) c.step_loss.push_back(step), c.loss.push_back(v);
    if (num(d, v)) c.step_dev.push_back(step), c.dev.push_back(v);
  }
  return c;
}

std::string demote_headings(const std::string& md, int by) {
  std::istringstream in(md);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '#') line = std::string(std::size_t(by), '#') + line;
    out += line + "\n";
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
  return s;
}

std::string avg_cell(const std::vector<json>& runs, const char* family, const json& base) {
  std::vector<double> v;
  for (const auto& r : runs)
    if (r.contains(family) && r[family].contains("avg") && r[family]["avg"].is_number()) v.push_back(r[family]["avg"]);
  if (v.empty() || v.size() != runs.size()) return "- | -";
  const double m = eval::mean_std(v).mean;
  const std::string cell = eval::mean_std_cell(v);
  const bool has_base = base.contains(family) && base[family].contains("avg") && base[family]["avg"].is_number();
  return cell + " | " + (has_base ? fmt::format("{:+.2f}", m - base[family]["avg"].get<double>()) : "-");
}

// The LLMs and the encoder a study used, with their sha256 (recorded for the
// tiers, computed for files given by path).
std::string models_table(const json& spec) {
  std::string out = "| role | model | file | sha256 |\n| --- | --- | --- | --- |\n";
  std::set<std::string> seen;
  auto tier_row = [&](const DefaultModel& m) {
    const fs::path file =
        m.files.empty() || m.files[0].relative_path.empty() ? m.path : m.path / m.files[0].relative_path;
    out += fmt::format("| {} | {} (tier {}) | `{}` | `{}` (recorded) |\n", m.role, m.name, m.tier, file.string(),
                       m.files.empty() ? "-" : m.files[0].sha256);
  };
  for (const auto& a : spec["generate"]) {
    if (a["strategy"] == "shuffle") continue;
    const std::string model = a["model"];
    if (!seen.insert(model).second) continue;
    bool tier = false;
    for (const auto& m : default_models())
      if (m.role == "llm" && (m.tier == model || (model == "default" && m.tier == default_llm().tier))) {
        tier_row(m);
        tier = true;
        break;
      }
    if (!tier) {
      std::error_code ec;
      out += fmt::format("| llm | {} | `{}` | `{}` |\n", fs::path(model).filename().string(), model,
                         fs::exists(model, ec) ? sha256_file(model) : "missing");
    }
  }
  const fs::path encoder = spec["encoder"].get<std::string>();
  const fs::path weights = encoder / "model.safetensors";
  std::error_code ec;
  out += fmt::format("| encoder | {} | `{}` | `{}` |\n", encoder.filename().string(), weights.string(),
                     fs::exists(weights, ec) ? sha256_file(weights) : "missing");
  return out;
}

// The plan of the study that wrote study.json, whose stages the report reads.
StudyPlan plan_of(const json& spec, const fs::path& spec_file) {
  try {
    return plan_from_spec(spec);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(spec_file.string(), std::string("not a study made by `ranksent run`: ") + e.what());
  }
}

std::string stages_done_line(const fs::path& study, const json& spec, const StudyPlan& plan,
                             const StageRecords& records) {
  std::size_t done = 0;
  for (const auto& st : plan.stages) done += st.kind != "report" && records.done(st.id);
  return fmt::format("Made by `ranksent report` from `{}`{}: {} of {} stages done.\n\n", study.string(),
                     spec.contains("file") ? fmt::format(" (study file `{}`)", spec["file"].get<std::string>()) : "",
                     done, plan.stages.size() - 1);
}

// The training arms, each with the evaluations of its seeds done so far.
struct TrainedArms {
  std::vector<eval::Arm> arms;
  std::map<std::string, std::string> lists_of;  // arm -> the lists it trains on
};

TrainedArms trained_arms(const fs::path& study, const StageRecords& records, const json& spec) {
  TrainedArms out;
  for (const auto& a : spec["train"]) {
    eval::Arm arm;
    arm.label = a["name"];
    for (const auto& seed : a["seeds"]) {
      json r = eval_of(study, records, fmt::format("eval-{}-seed{}", a["name"].get<std::string>(), seed.get<long>()));
      if (!r.is_null()) arm.runs.push_back(std::move(r));
    }
    // A lists file from outside the study is named by its file name.
    out.lists_of[arm.label] = a.contains("lists_file")
                                  ? fs::path(a["lists_file"].get<std::string>()).filename().string() + " (file)"
                                  : a["lists"].get<std::string>();
    out.arms.push_back(std::move(arm));
  }
  return out;
}

// Table 4: each arm against the encoder before post-training.
std::string before_after_section(const fs::path& study, const json& spec, const json& base, const TrainedArms& t) {
  if (base.is_null()) return "The encoder before post-training is not evaluated yet (stage eval-base).\n\n";
  if (t.arms.empty()) return "The study has no training arm.\n\n";
  std::string out;
  for (const auto& a : t.arms) {
    out += "### " + a.label + " (lists: " + t.lists_of.at(a.label) + ")\n\n";
    for (const auto& arm : spec["train"])
      if (arm["name"] == a.label) out += recipe_of_arm(study, arm);
    if (a.runs.empty())
      out += "Not evaluated yet.\n\n";
    else if (a.runs.size() == 1)
      out += eval::markdown_compare(base, a.runs[0]);
    else
      out += eval::markdown_compare_seeds(base, a.runs);
  }
  return out;
}

// Table 3's ablations: one row per training arm, Δ against the base encoder.
std::string ablation_table(const json& spec, const json& base, const TrainedArms& t) {
  std::string md = "## Ablations (Table 3): one row per training arm\n\n";
  md +=
      "The paper's rows (a)-(c) change how the lists are made (single-step, step-by-step, shuffled), "
      "(d)-(e) the training targets; here each training arm of the study is one row, Δ against the "
      "encoder before post-training.\n\n";
  md +=
      "| arm | lists | strategy | runs | STS avg | Δ | transfer avg | Δ | rerank MAP avg | Δ |\n"
      "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& a : t.arms) {
    const std::string& lists = t.lists_of.at(a.label);
    std::string strategy = lists.ends_with(" (file)") ? "as its file records" : "SNLI labels";
    for (const auto& g : spec["generate"])
      if (g["name"] == lists) strategy = g["strategy"];
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", a.label, lists, strategy, a.runs.size(),
                      avg_cell(a.runs, "sts", base), avg_cell(a.runs, "transfer", base),
                      avg_cell(a.runs, "rerank", base));
  }
  return md + "\n";
}

// Tables 1, 2 and 7 (every arm beside the base encoder), then Table 3.
std::string arm_tables(const json& spec, const json& base, const TrainedArms& t) {
  if (base.is_null()) return "";
  const struct {
    const char* family;
    const char* title;
  } tables[] = {{"sts", "## STS (Table 1): Spearman x 100\n\n"},
                {"rerank", "## Reranking (Table 2): MAP x 100\n\n"},
                {"transfer", "## Transfer (Table 7): accuracy x 100\n\n"}};
  std::string md;
  for (const auto& tb : tables) {
    const std::string table = eval::markdown_arms_table(tb.family, base, t.arms);
    if (!table.empty()) md += tb.title + table + "\n";
  }
  if (!t.arms.empty()) md += ablation_table(spec, base, t);
  return md;
}

// The analysis of `ranksent analyze`, its figures copied beside the report.
std::string list_analysis_section(const fs::path& study, const StageRecords& records, const json& spec,
                                  const fs::path& figures, StudyReport& report) {
  std::string md = "## Ranking lists (Fig. 1, Table 5)\n\n";
  if (!records.done("analyze"))
    return md +
           (spec["generate"].empty() ? "The study generates no lists.\n\n" : "Not analysed yet (stage analyze).\n\n");
  for (const auto& f : fs::directory_iterator(study / "analyze")) {
    const auto ext = f.path().extension();
    if (ext == ".png" || ext == ".svg") {
      fs::copy_file(f.path(), figures / f.path().filename(), fs::copy_options::overwrite_existing);
      report.figures += ext == ".png";
    }
  }
  std::string a = read_whole_file(study / "analyze" / "analysis.md");
  if (a.rfind("# List analysis", 0) == 0) a = a.substr(a.find('\n') + 1);
  return md + replace_all(demote_headings(a, 2), "](heatmap-", "](figures/heatmap-") + "\n";
}

// Fig. 3: STS-B dev and loss against the step, one line per run.
std::string training_curves_section(const fs::path& study, const json& spec, const fs::path& figures,
                                    StudyReport& report) {
  std::string md = "## Training curves (Fig. 3)\n\n";
  std::vector<Series> dev, loss;
  std::error_code ec;
  for (const auto& a : spec["train"])
    for (const auto& seed : a["seeds"]) {
      const std::string id = fmt::format("train-{}-seed{}", a["name"].get<std::string>(), seed.get<long>());
      const fs::path log = study / id / "model.train" / "log.csv";
      if (!fs::exists(log, ec)) continue;
      const Curve c = read_log(log);
      const std::string label = fmt::format("{} seed {}", a["name"].get<std::string>(), seed.get<long>());
      dev.push_back({label, c.step_dev, c.dev, a["name"]});
      loss.push_back({label, c.step_loss, c.loss, a["name"]});
    }
  auto chart = [&](const std::vector<Series>& s, const std::string& name, const std::string& title,
                   const std::string& y) {
    const bool any = std::any_of(s.begin(), s.end(), [](const Series& x) { return !x.x.empty(); });
    if (!any) return;
    draw_line_chart(s, title, "training step", y, figures / (name + ".png"), figures / (name + ".svg"));
    md += fmt::format("![{}](figures/{}.png)\n\n", title, name);
    ++report.figures;
  };
  if (dev.empty()) md += "No training run has a log yet.\n\n";
  chart(dev, "curve-dev", "STS-B dev Spearman x 100 during post-training", "STS-B dev");
  chart(loss, "curve-loss", "ListMLE loss per step", "loss");
  return md;
}

// Versions, models and each stage's status, wall time and command.
std::string environment_section(const json& spec, const StudyPlan& plan, const StageRecords& records, const json& base,
                                const ReportEnvironment& env) {
  std::string md = "## Environment\n\n";
  md += fmt::format("- ranksent {}, LibTorch {}, llama.cpp {}\n", env.program_version, libtorch_version(),
                    env.llama_commit);
  // eval's --dtype auto resolves per CPU: a table's numerics are part of it.
  if (base.contains("dtype"))
    md += fmt::format("- evaluations encoded in {} on {} ({})\n", base["dtype"].get<std::string>(),
                      base.value("device", "cpu"), base.value("cpu", "CPU not recorded"));
  md += fmt::format("- threads per stage: {} (0 = every core; this machine has {})\n", spec["threads"].get<long>(),
                    std::thread::hardware_concurrency());
  md += fmt::format("- data: `{}`\n\n", spec["data"].get<std::string>());
  md += models_table(spec) + "\n";
  md += "| stage | status | wall time | command |\n| --- | --- | ---: | --- |\n";
  double total = 0;
  for (const auto& st : plan.stages) {
    if (st.kind == "report") continue;
    const json* rec = records.record(st.id);
    const double s = rec ? rec->value("seconds", 0.0) : 0.0;
    total += s;
    const std::string command = rec ? rec->value("command", "") : "";
    md += fmt::format("| {} | {} | {} | {} |\n", st.id, rec ? rec->value("status", "?") : "not run",
                      rec ? fmt::format("{:.0f} s", s) : "-",
                      command.empty() ? "-" : fmt::format("`{}`", replace_all(command, "|", "\\|")));
  }
  md += fmt::format("\nWall time of the stages: {:.0f} s ({:.1f} min).\n", total, total / 60);
  return md;
}

}  // namespace

StudyReport write_study_report(const fs::path& study_in, const fs::path& out_in, const ReportEnvironment& env) {
  const fs::path study = fs::absolute(study_in).lexically_normal(), out = fs::absolute(out_in).lexically_normal();
  const fs::path spec_file = study / "study.json";
  std::error_code ec;
  if (!fs::exists(spec_file, ec))
    throw InputError(spec_file.string(), "not found: the report reads a study folder made by `ranksent run`");
  const json spec = read_json_file(spec_file);
  const StudyPlan plan = plan_of(spec, spec_file);
  const fs::path figures = out / "figures";
  fs::create_directories(figures);
  StudyReport report;
  std::string md = fmt::format("# Study: {}\n\n", plan.name);
  const StageRecords records(study, plan);
  md += stages_done_line(study, spec, plan, records);

  // Evaluations: Table 4 first (the question a reader comes with), then 1, 2, 3, 7.
  const json base = eval_of(study, records, "eval-base");
  const TrainedArms arms = trained_arms(study, records, spec);
  const std::string before_after = before_after_section(study, spec, base, arms);
  report.before_after = before_after;
  md += "## Before and after post-training (Table 4)\n\n" + before_after;
  md += arm_tables(spec, base, arms);
  md += checkpoint_rules_section(study, records, spec);
  md += bootstrap_section(study, records, spec);
  md += list_analysis_section(study, records, spec, figures, report);
  md += training_curves_section(study, spec, figures, report);
  md += environment_section(spec, plan, records, base, env);

  fs::create_directories(out);
  report.markdown = out / "report.md";
  report.html = out / "report.html";
  write_file_atomic(out / "before-after.md", before_after);
  write_file_atomic(report.markdown, md);
  write_file_atomic(report.html, markdown_to_html(md, "Study: " + plan.name, out));
  return report;
}

}  // namespace ranksent
