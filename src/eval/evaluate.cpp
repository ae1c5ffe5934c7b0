// The evaluation suite (docs/method.md section 4) over one encoder.
#include "ranksent/eval/evaluate.h"
#include "ranksent/io/json_file.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>

#include <fmt/core.h>

#include "ranksent/common/cpu_features.h"
#include "ranksent/common/progress.h"
#include "ranksent/error.h"
#include "ranksent/eval/metrics.h"
#include "ranksent/eval/rerank_data.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/eval/transfer_data.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/npy.h"

namespace ranksent::eval {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

json correlation_entry(const std::vector<double>& sys, const std::vector<double>& gold) {
  return {{"spearman", 100.0 * spearman(sys, gold)}, {"pearson", 100.0 * pearson(sys, gold)}, {"n", sys.size()}};
}

json run_sts(EmbeddingCache& cache, const StsTask& task) {
  std::vector<std::string> all;
  for (const auto& s : task.subsets) {
    all.insert(all.end(), s.a.begin(), s.a.end());
    all.insert(all.end(), s.b.begin(), s.b.end());
  }
  cache.add(all);
  json out;
  std::vector<double> sys_all, gold_all;
  for (const auto& s : task.subsets) {
    std::vector<double> sys(s.gold.size());
    for (std::size_t i = 0; i < sys.size(); ++i)
      sys[i] = cosine(cache.row(s.a[i]), cache.row(s.b[i]), std::size_t(cache.dim()));
    if (task.pooled) out["subsets"][s.name] = correlation_entry(sys, s.gold);
    sys_all.insert(sys_all.end(), sys.begin(), sys.end());
    gold_all.insert(gold_all.end(), s.gold.begin(), s.gold.end());
  }
  // SimCSE's "all": one correlation over the pooled pairs of every subset.
  const json pooled = correlation_entry(sys_all, gold_all);
  for (auto& [k, v] : pooled.items()) out[k] = v;
  if (!task.pooled) out["split"] = task.subsets.front().name;
  // Pair by pair, for the paired bootstrap between two runs
  // (paired_bootstrap.h); cosines in float to keep the file small.
  out["pairs"] = {{"gold", gold_all}, {"cos", std::vector<float>(sys_all.begin(), sys_all.end())}};
  return out;
}

Features pair_features(const EmbeddingCache& cache, const TransferSplit& s, MrpcFeatures kind) {
  const auto d = cache.dim();
  const std::int64_t blocks = kind == MrpcFeatures::Full ? 4 : 2;
  Features f;
  f.rows = std::int64_t(s.a.size());
  f.cols = blocks * d;
  f.data.resize(std::size_t(f.rows * f.cols));
  for (std::size_t i = 0; i < s.a.size(); ++i) {
    const float* u = cache.row(s.a[i]);
    const float* v = cache.row(s.b[i]);
    float* out = f.data.data() + i * std::size_t(f.cols);
    for (std::int64_t k = 0; k < d; ++k) {
      const float ad = std::fabs(u[k] - v[k]), pr = u[k] * v[k];
      if (kind == MrpcFeatures::Full) {
        out[k] = u[k], out[d + k] = v[k], out[2 * d + k] = ad, out[3 * d + k] = pr;
      } else {
        out[k] = ad, out[d + k] = pr;
      }
    }
  }
  return f;
}

json score_json(const TransferScore& s) {
  json j{{"acc", s.acc}, {"devacc", s.devacc}, {"ntrain", s.ntrain}, {"ntest", s.ntest}, {"C", s.chosen_c}};
  if (s.f1) j["f1"] = *s.f1;
  return j;
}

json run_transfer(EmbeddingCache& cache, const TransferTask& t, const EvalOptions& o) {
  for (const auto* s : {&t.train, &t.dev, &t.test}) {
    cache.add(s->a);
    cache.add(s->b);
  }
  TransferConfig c = o.transfer;
  const auto start = Clock::now();
  const std::size_t steps = t.protocol == TransferProtocol::CrossValidation ? std::size_t(c.k)
                            : t.protocol == TransferProtocol::TrainTest     ? std::size_t(c.k)
                                                                            : c.grid_inner.size();
  Progress progress(t.name + " classifier", steps, t.protocol == TransferProtocol::TrainDevTest ? "C values" : "folds",
                    o.show_progress);
  c.on_step = [&progress] { progress.advance(); };
  auto features = [&](const TransferSplit& s) { return t.pairs ? pair_features(cache, s, o.mrpc) : cache.gather(s.a); };
  const Features X = features(t.train);
  const Features Xd = t.dev.a.empty() ? Features{} : features(t.dev);
  const Features Xt = t.test.a.empty() ? Features{} : features(t.test);
  TransferScore score;
  json job;
  switch (t.protocol) {
    case TransferProtocol::CrossValidation:
      score = run_inner_kfold(X, t.train.y, t.classes, c);
      if (!o.save_features.empty())
        job = save_transfer_job(o.save_features, t.name, "cv", t.classes, c.grid_inner, X, t.train.y, nullptr, nullptr,
                                nullptr, nullptr, c, false);
      break;
    case TransferProtocol::TrainDevTest:
      score = run_split(X, t.train.y, Xd, t.dev.y, Xt, t.test.y, t.classes, c);
      if (!o.save_features.empty())
        job = save_transfer_job(o.save_features, t.name, "split", t.classes, c.grid_inner, X, t.train.y, &Xd, &t.dev.y,
                                &Xt, &t.test.y, c, false);
      break;
    case TransferProtocol::TrainTest:
      score = run_kfold(X, t.train.y, Xt, t.test.y, t.classes, c, t.pairs);
      if (!o.save_features.empty())
        job = save_transfer_job(o.save_features, t.name, "kfold", t.classes, c.grid_kfold, X, t.train.y, nullptr,
                                nullptr, &Xt, &t.test.y, c, t.pairs);
      break;
  }
  if (!job.is_null()) {
    const auto spec_path = o.save_features / "spec.json";
    json spec = fs::exists(spec_path)
                    ? read_json_file(spec_path)
                    : json{{"tol", c.solver.tol}, {"max_iter", c.solver.max_iter}, {"tasks", json::array()}};
    auto& tasks = spec["tasks"];
    for (auto it = tasks.begin(); it != tasks.end();) it = (*it)["name"] == t.name ? tasks.erase(it) : it + 1;
    tasks.push_back(job);
    write_file_atomic(spec_path, spec.dump(1));
  }
  auto j = score_json(score);
  if (t.pairs) j["features"] = o.mrpc == MrpcFeatures::Full ? "u,v,|u-v|,u*v" : "|u-v|,u*v";
  j["classifier_seconds"] = seconds_since(start);
  return j;
}

json run_rerank(EmbeddingCache& cache, const RerankTask& task) {
  std::vector<std::string> all;
  for (const auto& s : task.samples) {
    all.insert(all.end(), s.query.begin(), s.query.end());
    all.insert(all.end(), s.positive.begin(), s.positive.end());
    all.insert(all.end(), s.negative.begin(), s.negative.end());
  }
  cache.add(all);
  double ap_sum = 0, rr_sum = 0;
  std::size_t used = 0;
  for (const auto& s : task.samples) {
    if (s.positive.empty() || s.negative.empty()) continue;  // MTEB skips these
    std::vector<bool> relevant;
    std::vector<double> scores;
    for (const auto* docs : {&s.positive, &s.negative})
      for (const auto& doc : *docs) {
        double best = -INFINITY;  // several queries: the most similar counts (MTEB)
        for (const auto& q : s.query)
          best = std::max(best, cosine(cache.row(q), cache.row(doc), std::size_t(cache.dim())));
        scores.push_back(best);
        relevant.push_back(docs == &s.positive);
      }
    ap_sum += average_precision(relevant, scores);
    rr_sum += reciprocal_rank_at(relevant, scores, 10);
    ++used;
  }
  if (used == 0) throw InputError(task.name, "no query has both a positive and a negative");
  return {{"map", 100.0 * ap_sum / double(used)}, {"mrr@10", 100.0 * rr_sum / double(used)}, {"queries", used}};
}

}  // namespace

json save_transfer_job(const fs::path& dir, const std::string& name, const std::string& protocol, int classes,
                       const std::vector<double>& grid, const Features& train, const std::vector<int>& ytrain,
                       const Features* dev, const std::vector<int>* ydev, const Features* test,
                       const std::vector<int>* ytest, const TransferConfig& config, bool f1) {
  fs::create_directories(dir);
  auto save = [&](const std::string& leaf, const Features& f) {
    write_npy(dir / leaf, f.data, f.rows, f.cols);
    return (dir / leaf).string();
  };
  auto save_ints = [&](const std::string& leaf, const std::vector<int>& v, std::int64_t rows) {
    std::vector<float> f(v.begin(), v.end());
    write_npy(dir / leaf, f, rows, rows ? std::int64_t(v.size()) / rows : 0);
    return (dir / leaf).string();
  };
  json job{{"name", name}, {"protocol", protocol}, {"classes", classes}, {"grid", grid}, {"f1", f1}};
  job["train_x"] = save(name + "_x.npy", train);
  job["train_y"] = save_ints(name + "_y.npy", ytrain, std::int64_t(ytrain.size()));
  if (dev)
    job["dev_x"] = save(name + "_dx.npy", *dev),
    job["dev_y"] = save_ints(name + "_dy.npy", *ydev, std::int64_t(ydev->size()));
  if (test)
    job["test_x"] = save(name + "_tx.npy", *test),
    job["test_y"] = save_ints(name + "_ty.npy", *ytest, std::int64_t(ytest->size()));
  if (protocol == "cv") {
    std::vector<int> plan;
    for (auto& row : inner_kfold_plan(ytrain, config.k, config.seed)) plan.insert(plan.end(), row.begin(), row.end());
    job["plan"] = save_ints(name + "_plan.npy", plan, config.k);
  } else if (protocol == "kfold") {
    job["folds"] =
        save_ints(name + "_folds.npy", stratified_folds(ytrain, config.k, config.seed), std::int64_t(ytrain.size()));
  }
  return job;
}

EmbeddingCache::EmbeddingCache(const Encoder& encoder, EncodeOptions options)
    : encoder_(encoder), options_(options), dim_(encoder.dim()) {}

void EmbeddingCache::add(const std::vector<std::string>& sentences) {
  std::vector<std::string> fresh;
  for (const auto& s : sentences)
    if (index_.emplace(s, index_.size()).second) fresh.push_back(s);
  if (fresh.empty()) return;
  const auto start = Clock::now();
  auto e = encoder_.encode(fresh, options_);
  rows_.insert(rows_.end(), e.begin(), e.end());
  encode_seconds_ += seconds_since(start);
}

const float* EmbeddingCache::row(const std::string& sentence) const {
  auto it = index_.find(sentence);
  if (it == index_.end()) throw std::logic_error("sentence not embedded: " + sentence);
  return rows_.data() + it->second * std::size_t(dim_);
}

Features EmbeddingCache::gather(const std::vector<std::string>& sentences) const {
  Features f;
  f.rows = std::int64_t(sentences.size());
  f.cols = dim_;
  f.data.resize(sentences.size() * std::size_t(dim_));
  for (std::size_t i = 0; i < sentences.size(); ++i)
    std::copy_n(row(sentences[i]), dim_, f.data.begin() + std::ptrdiff_t(i * std::size_t(dim_)));
  return f;
}

std::vector<std::string> expand_tasks(const std::string& spec) {
  std::set<std::string> wanted;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t comma = spec.find(',', start);
    std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) {
      bool known = false;
      auto add_family = [&](const std::vector<std::string>& names) {
        wanted.insert(names.begin(), names.end());
        known = true;
      };
      if (item == "sts" || item == "all") add_family(sts_task_names());
      if (item == "transfer" || item == "all") add_family(transfer_task_names());
      if (item == "rerank" || item == "all") add_family(rerank_task_names());
      for (const auto* names : {&sts_task_names(), &transfer_task_names(), &rerank_task_names()})
        if (std::find(names->begin(), names->end(), item) != names->end()) wanted.insert(item), known = true;
      if (!known)
        throw UsageError("--tasks: unknown task '" + item +
                         "' (groups: sts, transfer, rerank, all; or a task name such as STS12, MR, "
                         "SNLIRerank)");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<std::string> out;
  for (const auto* names : {&sts_task_names(), &transfer_task_names(), &rerank_task_names()})
    for (const auto& n : *names)
      if (wanted.count(n)) out.push_back(n);
  return out;
}

std::string task_family(const std::string& task) {
  auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), task) != v.end(); };
  if (in(sts_task_names())) return "sts";
  if (in(transfer_task_names())) return "transfer";
  if (in(rerank_task_names())) return "rerank";
  throw std::invalid_argument("unknown task: " + task);
}

void update_averages(json& r) {
  auto mean_of = [&](const char* family, const std::vector<std::string>& names, const char* key, const char* out_key,
                     const char* of_key) {
    if (!r.contains(family)) return;
    auto& f = r[family];
    double sum = 0;
    std::vector<std::string> used;
    for (const auto& n : names)
      if (f.contains(n) && f[n].contains(key) && f[n][key].is_number())
        sum += f[n][key].get<double>(), used.push_back(n);
    if (used.empty()) return;
    f[out_key] = sum / double(used.size());
    f[of_key] = used;
  };
  mean_of("sts", sts_task_names(), "spearman", "avg", "avg_of");
  mean_of("transfer", transfer_task_names(), "acc", "avg", "avg_of");
  // The paper's Table 2 averages the four MTEB sets; ours is reported apart.
  std::vector<std::string> mteb(rerank_task_names().begin(), rerank_task_names().end() - 1);
  bool any_mteb =
      r.contains("rerank") && std::any_of(mteb.begin(), mteb.end(), [&](auto& n) { return r["rerank"].contains(n); });
  const auto& rerank_names = any_mteb ? mteb : rerank_task_names();
  mean_of("rerank", rerank_names, "map", "avg_map", "avg_of");
  mean_of("rerank", rerank_names, "mrr@10", "avg_mrr@10", "avg_of");
}

json evaluate(const Encoder& encoder, const EncodeOptions& encode, const EvalOptions& o,
              const std::function<void(const json&)>& on_task) {
  json r;
  r["model"] = encoder.directory().string();
  r["pooling"] = pooling_name(encode.pooling.value_or(encoder.default_pooling()));
  r["normalize"] = encode.normalize.value_or(encoder.default_normalize());
  r["max_length"] = encode.max_length ? encode.max_length : encoder.default_max_length();
  // The numerics of every score below (eval --dtype auto resolves per CPU).
  r["device"] = encoder.device();
  r["dtype"] = encoder.dtype();
  r["cpu"] = cpu_model_name();
  r["data"] = o.data.string();
  r["tasks"] = o.tasks;
  r["missing"] = json::object();
  r["errors"] = json::object();
  r["settings"] = {{"sts",
                    "cosine, Spearman x 100; STS12-16 pooled over sub-datasets (SimCSE 'all'); STS-B and "
                    "SICK-R test split"},
                   {"transfer", fmt::format("L2 logistic regression (L-BFGS, tol {}), {}-fold, seed {}, C grid "
                                            "inner/dev {} / k-fold {}",
                                            o.transfer.solver.tol, o.transfer.k, o.transfer.seed,
                                            json(o.transfer.grid_inner).dump(), json(o.transfer.grid_kfold).dump())},
                   {"rerank", "cosine; MTEB MAP x 100 and MRR@10 x 100 per query, averaged"}};
  EncodeOptions enc = encode;
  enc.show_progress = o.show_progress;
  EmbeddingCache cache(encoder, enc);
  const auto rerank_root = o.rerank_data.empty() ? o.data : o.rerank_data;
  const auto run_start = Clock::now();
  for (const auto& name : o.tasks) {
    const auto family = task_family(name);
    const auto start = Clock::now();
    if (o.show_progress) fmt::print(stderr, "[eval] {} ...\n", name);
    try {
      json entry;
      if (family == "sts") {
        entry = run_sts(cache, load_sts_task(o.data, name));
      } else if (family == "transfer") {
        entry = run_transfer(cache, load_transfer_task(o.data, name), o);
      } else {
        entry = run_rerank(cache, load_rerank_task(rerank_root, name));
      }
      entry["seconds"] = seconds_since(start);
      r[family][name] = entry;
      if (o.show_progress) {
        const char* key = family == "sts" ? "spearman" : family == "transfer" ? "acc" : "map";
        fmt::print(stderr, "[eval] {}: {} {:.2f} ({:.1f} s)\n", name, key, entry[key].get<double>(),
                   entry["seconds"].get<double>());
      }
    } catch (const TaskMissing& e) {
      r["missing"][name] = e.what();
      if (o.show_progress) fmt::print(stderr, "[eval] {}: missing: {}\n", name, e.what());
    } catch (const InputError& e) {
      r["errors"][name] = e.what();
      fmt::print(stderr, "[eval] {}: error: {}\n", name, e.what());
    }
    update_averages(r);
    r["timing"] = {{"total_seconds", seconds_since(run_start)},
                   {"encode_seconds", cache.encode_seconds()},
                   {"sentences_embedded", cache.size()}};
    if (on_task) on_task(r);
  }
  return r;
}

}  // namespace ranksent::eval
