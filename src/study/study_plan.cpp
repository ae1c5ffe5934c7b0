// A study file (docs/study.md) read, checked and planned as stages.
#include <algorithm>
#include <cstdlib>
#include <set>

#include <fmt/core.h>

#include "ranksent/common/paths.h"
#include "ranksent/models.h"
#include "ranksent/study/study.h"
#include "study_fields.h"
#include "study_sweep.h"

namespace ranksent {

namespace fs = std::filesystem;
using json = nlohmann::json;
using study::Fields;
using study::Source;
using study::unique_name;

const Stage* StudyPlan::find(const std::string& id) const {
  for (const auto& s : stages)
    if (s.id == id) return &s;
  return nullptr;
}

namespace {

constexpr long kMaxThreads = 4096;

fs::path resolve(const fs::path& base, const std::string& p) {
  const fs::path path = normal_path(p);
  return normal_path((path.is_absolute() ? path : base / path).string());
}

// The study's own fields (name, data, encoder, threads); returns the data
// folder, which the seed files are relative to.
fs::path study_fields(Fields& top, const fs::path& base, json& s) {
  s["name"] = top.text("name");
  // RANKSENT_DATA over the file's field (models.h, data_dir).
  const std::string data = data_dir({}, top.text("data", std::string())).string();
  if (data.empty()) top.fail("data", "required field is missing (or set RANKSENT_DATA)");
  const fs::path data_dir = resolve(base, data);
  if (!fs::is_directory(data_dir)) top.fail("data", "not a folder: " + data_dir.string());
  s["data"] = data_dir.string();
  // "default", an encoder tier (ranksent models; installed, else a message
  // saying how) or a model folder.
  const std::string encoder = top.text("encoder", "default");
  const fs::path tier = resolve_encoder(encoder);  // the text itself when no tier has that name
  s["encoder"] = encoder == "default"        ? default_encoder().path.string()
                 : tier != fs::path(encoder) ? tier.string()
                                             : resolve(base, encoder).string();
  s["threads"] = top.integer("threads", 0, 0, kMaxThreads);
  return data_dir;
}

// Seeds: k-means sampling of premises (section 4.1), or a given file.
json seed_selection(const json& raw, const Source& src, Fields& top, const fs::path& base, const fs::path& data_dir) {
  if (!top.has("seeds")) top.fail("seeds", "required table is missing");
  Fields seeds(src, raw["seeds"], "seeds");
  json sd;
  if (seeds.has("file")) {
    sd["file"] = resolve(base, seeds.text("file")).string();
  } else {
    std::vector<std::string> inputs;
    for (const auto& i : seeds.texts("input")) inputs.push_back(resolve(data_dir, i).string());
    if (inputs.empty()) seeds.fail("input", "required field is missing (premise files, or `file` for given seeds)");
    sd["input"] = inputs;
    std::vector<std::string> exclude;
    for (const auto& e : seeds.texts("exclude")) exclude.push_back(resolve(data_dir, e).string());
    sd["exclude"] = exclude;
    sd["column"] = seeds.integer("column", 0, 0, 10000);
    sd["field"] = seeds.text("field", std::string());  // empty: select's default
    sd["clusters"] = seeds.integer("clusters", 1000, 1, 1000000);
    sd["per_cluster"] = seeds.integer("per_cluster", 20, 1, 1000000);
    sd["seed"] = seeds.integer("seed", 0, 0, (1L << 31) - 1);
  }
  sd["options"] = seeds.texts("options");
  seeds.done();
  return sd;
}

// The tables of an array of tables ([[key]]), each read by `read` as key[i].
template <class Read>
json table_array(const json& raw, const Source& src, Fields& top, const char* key, Read read) {
  json out = json::array();
  if (raw.contains(key) && !raw[key].is_array()) top.fail(key, fmt::format("must be an array of tables ([[{}]])", key));
  for (std::size_t i = 0; raw.contains(key) && i < raw[key].size(); ++i) {
    Fields f(src, raw[key][i], fmt::format("{}[{}]", key, i));
    out.push_back(read(f));
    f.done();
  }
  return out;
}

// One generation arm: directional decoding or a baseline (section 3).
json generation_arm(Fields& g, const fs::path& base, std::set<std::string>& names) {
  json a;
  a["name"] = unique_name(g, names);
  std::string model = g.text("model", "default");
  if (model.find('/') != std::string::npos || model.ends_with(".gguf")) model = resolve(base, model).string();
  a["model"] = model;
  const std::string strategy = g.text("strategy", "directional");
  static const std::set<std::string> strategies = {"directional", "step-by-step", "single-step", "shuffle"};
  if (!strategies.count(strategy))
    g.fail("strategy", "must be directional, step-by-step, single-step or shuffle, got '" + strategy + "'");
  a["strategy"] = strategy;
  a["steps"] = g.integer("steps", 32, 1, 100000);
  a["limit"] = g.integer("limit", 0, 0, 1L << 40);
  a["lists"] = g.text("lists", std::string());
  a["shuffle_seed"] = g.integer("shuffle_seed", 0, 0, (1L << 31) - 1);
  if (strategy == "shuffle" && a["lists"] == "") g.fail("lists", "a shuffle arm names the generation arm it permutes");
  if (strategy != "shuffle" && a["lists"] != "") g.fail("lists", "only a shuffle arm takes lists");
  a["options"] = g.texts("options");
  return a;
}

// A shuffle arm permutes an arm listed before it. Returns the arms' names.
std::set<std::string> check_shuffle_sources(const json& generate, const Source& src) {
  std::set<std::string> before;
  for (std::size_t i = 0; i < generate.size(); ++i) {
    const auto& a = generate[i];
    const std::string lists = a["lists"];
    if (!lists.empty() && !before.count(lists))
      src.fail(fmt::format("generate[{}].lists", i), "'" + lists + "' is not a generation arm listed before this one");
    before.insert(a["name"].get<std::string>());
  }
  return before;
}

json list_analysis(const json& raw, const Source& src, const json& generate) {
  json raw_analyze = raw.contains("analyze") ? raw["analyze"] : json::object();
  Fields an(src, raw_analyze, "analyze");
  long max_steps = 1;
  for (const auto& a : generate)
    if (a["strategy"] != "shuffle") max_steps = std::max(max_steps, a["steps"].get<long>());
  json out;
  // Table 5's case study: the first seed unless named.
  out["case_study"] = an.text("case_study", "1");
  out["heatmap_positions"] = an.integer("heatmap_positions", std::min(16L, max_steps + 1), 2, 1000);
  out["options"] = an.texts("options");
  an.done();
  return out;
}

json snli_label_lists(const json& raw, const Source& src) {
  json raw_snli = raw.contains("snli_labels") ? raw["snli_labels"] : json::object();
  Fields sn(src, raw_snli, "snli_labels");
  json out;
  out["count"] = sn.integer("count", 200, 1, 1L << 30);
  out["length"] = sn.integer("length", 8, 4, 1000);
  sn.done();
  return out;
}

// One post-training arm: its lists (a generation arm, snli-labels, or a
// lists file written by `ranksent generate` before, relative to the study
// file) and seeds.
json training_arm(Fields& t, const fs::path& base, const std::set<std::string>& generation_arms,
                  std::set<std::string>& names) {
  json a;
  a["name"] = unique_name(t, names);
  const std::string lists = t.text("lists", std::string()), file = t.text("lists_file", std::string());
  if (lists.empty() == file.empty()) t.fail("lists", "give either lists (an arm) or lists_file (a file), not both");
  if (!file.empty()) {
    a["lists_file"] = resolve(base, file).string();
    if (!fs::is_regular_file(a["lists_file"].get<std::string>()))
      t.fail("lists_file", "no such file: " + a["lists_file"].get<std::string>());
  } else if (lists != "snli-labels" && !generation_arms.count(lists)) {
    t.fail("lists", "'" + lists + "' is neither a generation arm nor snli-labels");
  }
  a["lists"] = lists;
  auto seeds_list = t.integers("seeds", {42}, 0, (1L << 31) - 1);
  if (seeds_list.empty()) t.fail("seeds", "needs at least one training seed");
  if (std::set<long>(seeds_list.begin(), seeds_list.end()).size() != seeds_list.size())
    t.fail("seeds", "lists a seed twice");
  a["seeds"] = seeds_list;
  a["options"] = t.texts("options");
  return a;
}

// Paired bootstraps of the report: arm a minus arm b on the STS test
// pairs, seed by seed (both arms must train the same seeds).
json bootstrap_comparison(Fields& c, const json& train) {
  json cmp;
  for (const char* side : {"a", "b"}) {
    const std::string arm = c.text(side);
    const auto it = std::find_if(train.begin(), train.end(), [&](const json& t) { return t["name"] == arm; });
    if (it == train.end()) c.fail(side, "'" + arm + "' is not a training arm");
    cmp[side] = arm;
    cmp[std::string(side) + "_seeds"] = (*it)["seeds"];
  }
  if (cmp["a_seeds"] != cmp["b_seeds"]) c.fail("b", "must train the same seeds as a, in the same order");
  cmp.erase("a_seeds"), cmp.erase("b_seeds");
  cmp["replicates"] = c.integer("replicates", 1000, 1, 1000000);
  return cmp;
}

json evaluation(const json& raw, const Source& src) {
  json raw_eval = raw.contains("evaluate") ? raw["evaluate"] : json::object();
  Fields ev(src, raw_eval, "evaluate");
  json out;
  out["tasks"] = ev.text("tasks", "sts");
  out["options"] = ev.texts("options");
  // Checkpoints evaluated beside the one each run's rule saved (model/): the
  // others kept in model.train/ (docs/study.md, "Checkpoint rules").
  const std::vector<std::string> checkpoints = ev.texts("checkpoints");
  for (const auto& c : checkpoints)
    if (c != "last" && c != "best-stsb" && c != "best-stsb-sickr")
      ev.fail("checkpoints", "unknown checkpoint '" + c + "' (last, best-stsb or best-stsb-sickr)");
  if (!checkpoints.empty()) out["checkpoints"] = checkpoints;
  ev.done();
  return out;
}

// The normalised study: every field present, paths absolute.
json normalise(const json& raw, const Source& src) {
  const fs::path base = fs::absolute(src.file).parent_path();
  Fields top(src, raw, "");
  for (const char* table : {"seeds", "generate", "analyze", "snli_labels", "train", "compare", "sweep", "evaluate"})
    top.allow(table);
  json s;
  const fs::path data_dir = study_fields(top, base, s);
  s["seeds"] = seed_selection(raw, src, top, base, data_dir);
  std::set<std::string> names;  // generation arms; training arms have their own
  s["generate"] = table_array(raw, src, top, "generate", [&](Fields& g) { return generation_arm(g, base, names); });
  const std::set<std::string> generation_arms = check_shuffle_sources(s["generate"], src);
  s["analyze"] = list_analysis(raw, src, s["generate"]);
  s["snli_labels"] = snli_label_lists(raw, src);
  std::set<std::string> train_names;
  s["train"] = table_array(raw, src, top, "train",
                           [&](Fields& t) { return training_arm(t, base, generation_arms, train_names); });
  s["compare"] = table_array(raw, src, top, "compare", [&](Fields& c) { return bootstrap_comparison(c, s["train"]); });
  std::set<std::string> sweep_names;
  s["sweep"] =
      table_array(raw, src, top, "sweep", [&](Fields& w) { return study::sweep_table(w, s["train"], sweep_names); });
  s["evaluate"] = evaluation(raw, src);
  top.done();
  return s;
}

Stage make_stage(std::string id, std::string kind, std::string arm = {}, long seed = -1) {
  Stage s;
  s.id = std::move(id), s.kind = std::move(kind), s.arm = std::move(arm), s.seed = seed;
  return s;
}

void append(std::vector<std::string>& args, const json& options) {
  for (const auto& o : options) args.push_back(o.get<std::string>());
}

std::vector<std::string> threads_arg(const json& s) { return {"--threads", std::to_string(s["threads"].get<long>())}; }

// The stages of a normalised study, in the order they run; each step adds
// its stages and leaves what later ones depend on.
struct StagePlanner {
  StudyPlan& plan;
  const json& s;
  const std::string data, encoder;
  std::string seeds_file;
  std::vector<std::string> seed_deps;
  std::vector<std::string> list_files, generate_ids;
  bool snli_added = false;

  StagePlanner(StudyPlan& p, const json& spec) : plan(p), s(spec), data(spec["data"]), encoder(spec["encoder"]) {}

  void add(Stage st) { plan.stages.push_back(std::move(st)); }

  // 1. Seeds (section 4.1: k-means over premises, N from each cluster).
  void seed_selection() {
    if (s["seeds"].contains("file")) {
      seeds_file = s["seeds"]["file"];
      return;
    }
    Stage st = make_stage("seeds", "seeds");
    st.args = {"select", "--output", "seeds/seeds.jsonl", "--model", encoder};
    for (const auto& i : s["seeds"]["input"]) st.args.insert(st.args.end(), {"--input", i}), st.inputs.push_back(i);
    for (const auto& e : s["seeds"]["exclude"]) st.args.insert(st.args.end(), {"--exclude", e}), st.inputs.push_back(e);
    if (s["seeds"]["column"] != 0)
      st.args.insert(st.args.end(), {"--column", std::to_string(s["seeds"]["column"].get<long>())});
    if (s["seeds"]["field"] != "") st.args.insert(st.args.end(), {"--field", s["seeds"]["field"]});
    st.args.insert(st.args.end(), {"--clusters", std::to_string(s["seeds"]["clusters"].get<long>()), "--per-cluster",
                                   std::to_string(s["seeds"]["per_cluster"].get<long>()), "--seed",
                                   std::to_string(s["seeds"]["seed"].get<long>())});
    for (const auto& t : threads_arg(s)) st.args.push_back(t);
    append(st.args, s["seeds"]["options"]);
    st.outputs = {"seeds/seeds.jsonl"};
    st.config = s["seeds"];
    seeds_file = "seeds/seeds.jsonl";
    seed_deps = {"seeds"};
    add(std::move(st));
  }

  // 2. Generation arms (section 3: directional decoding and the baselines).
  void generation_arm(const json& a) {
    const std::string name = a["name"], id = "generate-" + name;
    const std::string out = id + "/" + name + ".jsonl";
    Stage st = make_stage(id, "generate", name);
    st.args = {"generate", "--output", out, "--stats", id + "/" + name + ".stats.json", "--strategy", a["strategy"]};
    // A shuffle permutes whole lists: their length is the source arm's.
    if (a["strategy"] != "shuffle") st.args.insert(st.args.end(), {"--steps", std::to_string(a["steps"].get<long>())});
    if (a["strategy"] == "shuffle") {
      const std::string from = a["lists"];
      st.args.insert(st.args.end(), {"--seeds", seeds_file, "--lists", "generate-" + from + "/" + from + ".jsonl",
                                     "--shuffle-seed", std::to_string(a["shuffle_seed"].get<long>())});
      st.deps = {"generate-" + from};
    } else {
      st.args.insert(st.args.end(), {"--seeds", seeds_file});
      // "default" is pinned here, so the fingerprint changes with the tier.
      st.args.insert(st.args.end(),
                     {"--model", a["model"] == "default" ? best_installed_llm().tier : a["model"].get<std::string>()});
      st.deps = seed_deps;
    }
    if (seed_deps.empty()) st.inputs.push_back(seeds_file);
    if (a["limit"] != 0) st.args.insert(st.args.end(), {"--limit", std::to_string(a["limit"].get<long>())});
    for (const auto& t : threads_arg(s)) st.args.push_back(t);
    append(st.args, a["options"]);
    st.outputs = {out, id + "/" + name + ".stats.json"};
    st.config = a;
    list_files.push_back(out);
    generate_ids.push_back(id);
    add(std::move(st));
  }

  // 3. List analysis (Fig. 1, Table 5) of every arm side by side.
  void list_analysis() {
    if (list_files.empty()) return;
    Stage st = make_stage("analyze", "analyze");
    st.args = {"analyze"};
    st.args.insert(st.args.end(), list_files.begin(), list_files.end());
    st.args.insert(st.args.end(), {"--output", "analyze", "--model", encoder, "--heatmap-positions",
                                   std::to_string(s["analyze"]["heatmap_positions"].get<long>())});
    if (s["analyze"]["case_study"] != "") st.args.insert(st.args.end(), {"--case-study", s["analyze"]["case_study"]});
    append(st.args, s["analyze"]["options"]);
    st.deps = generate_ids;
    st.outputs = {"analyze/analysis.json", "analyze/analysis.md"};
    st.config = s["analyze"];
    add(std::move(st));
  }

  // 4. Evaluation of an encoder (Tables 1, 2, 7): the one before
  // post-training, and each trained model.
  Stage evaluation(const std::string& id, const std::string& model, const std::string& label) const {
    Stage st = make_stage(id, "eval");
    st.args = {
        "eval",     "--data",          data,         "--model",       model,     "--tasks", s["evaluate"]["tasks"],
        "--output", id + "/eval.json", "--markdown", id + "/eval.md", "--label", label};
    for (const auto& t : threads_arg(s)) st.args.push_back(t);
    append(st.args, s["evaluate"]["options"]);
    st.outputs = {id + "/eval.json"};
    st.config = s["evaluate"];
    return st;
  }

  // The SNLI-label lists, one stage however many arms train on them.
  void snli_label_lists(const std::string& lists_stage, const std::string& lists_file) {
    if (snli_added) return;
    Stage st = make_stage(lists_stage, "snli-lists");
    st.args = {"snli-lists",
               "--data",
               data,
               "--output",
               lists_file,
               "--count",
               std::to_string(s["snli_labels"]["count"].get<long>()),
               "--length",
               std::to_string(s["snli_labels"]["length"].get<long>())};
    st.outputs = {lists_file};
    st.config = s["snli_labels"];
    add(std::move(st));
    snli_added = true;
  }

  // 5. Post-training arms, one run per seed, each evaluated (Tables 1-4).
  void training_arm(const json& a) {
    const std::string name = a["name"], lists = a["lists"];
    std::string lists_file, lists_stage;
    if (a.contains("lists_file")) {
      lists_file = a["lists_file"];
    } else if (lists == "snli-labels") {
      lists_stage = "snli-labels", lists_file = "snli-labels/snli-labels.jsonl";
      snli_label_lists(lists_stage, lists_file);
    } else {
      lists_stage = "generate-" + lists, lists_file = lists_stage + "/" + lists + ".jsonl";
    }
    for (const auto& seed : a["seeds"]) {
      const std::string id = fmt::format("train-{}-seed{}", name, seed.get<long>());
      Stage st = make_stage(id, "train", name, seed.get<long>());
      st.args = {"train",
                 "--lists",
                 lists_file,
                 "--output",
                 id + "/model",
                 "--model",
                 encoder,
                 "--data",
                 data,
                 "--seed",
                 std::to_string(seed.get<long>())};
      for (const auto& t : threads_arg(s)) st.args.push_back(t);
      append(st.args, a["options"]);
      if (lists_stage.empty())
        st.inputs.push_back(lists_file);  // from outside the study: fingerprinted as a file
      else
        st.deps = {lists_stage};
      st.outputs = {id + "/model/config.json", id + "/model.train/log.csv"};
      st.resume_marker = id + "/model.train/last/state.json";
      st.resume_arg = "--resume";
      st.config = a;
      add(std::move(st));
      // The arm's name labels every seed's results: Table 4 shows their mean.
      Stage ev = evaluation(fmt::format("eval-{}-seed{}", name, seed.get<long>()), id + "/model", name);
      ev.kind = "eval", ev.arm = name, ev.seed = seed.get<long>();
      ev.deps = {id};
      add(std::move(ev));
      checkpoint_evaluations(id, name, seed.get<long>());
    }
  }

  // The checkpoints of [evaluate] checkpoints, each its own stage
  // (eval-NAME-seedS-CHECKPOINT): the last step and the best trained step
  // under each selection rule, so a report can set the rules side by side.
  void checkpoint_evaluations(const std::string& train_id, const std::string& name, long seed) {
    if (!s["evaluate"].contains("checkpoints")) return;
    for (const auto& c : s["evaluate"]["checkpoints"]) {
      const std::string checkpoint = c;
      // The last step keeps its optimizer state beside the model (model.train/last/model).
      const std::string dir = train_id + "/model.train/" + checkpoint + (checkpoint == "last" ? "/model" : "");
      Stage ev =
          evaluation(fmt::format("eval-{}-seed{}-{}", name, seed, checkpoint), dir, name + " (" + checkpoint + ")");
      ev.kind = "eval-checkpoint", ev.arm = name, ev.seed = seed, ev.checkpoint = checkpoint;
      ev.deps = {train_id};
      add(std::move(ev));
    }
  }

  // 6. The report: the paper's tables and figures from all of the above.
  void report() {
    Stage rep = make_stage("report", "report");
    rep.args = {"report", ".", "--output", "report"};
    // The report reads the comparisons and the sweeps (Fig. 3) from
    // study.json: a new pair or sweep reruns it.
    if (!s["compare"].empty()) rep.settings["compare"] = s["compare"];
    if (s.contains("sweep") && !s["sweep"].empty()) rep.settings["sweep"] = s["sweep"];
    for (const auto& st : plan.stages) rep.deps.push_back(st.id);
    rep.outputs = {"report/report.md", "report/report.html"};
    add(std::move(rep));
  }
};

}  // namespace

json read_study_file(const fs::path& file) {
  Source src;
  const json raw = study::parse_study_text(file, src);
  return normalise(raw, src);
}

StudyPlan plan_study(const fs::path& file) {
  StudyPlan plan = plan_from_spec(read_study_file(file));
  plan.file = fs::absolute(file);
  return plan;
}

StudyPlan plan_from_spec(const json& spec) {
  StudyPlan plan;
  plan.spec = spec;
  const json& s = plan.spec;
  plan.name = s["name"];
  StagePlanner planner(plan, s);
  planner.seed_selection();
  for (const auto& a : s["generate"]) planner.generation_arm(a);
  planner.list_analysis();
  planner.add(planner.evaluation("eval-base", planner.encoder, fs::path(planner.encoder).filename().string()));
  for (const auto& a : s["train"]) planner.training_arm(a);
  planner.report();
  return plan;
}

}  // namespace ranksent
