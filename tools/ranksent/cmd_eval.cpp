// `ranksent eval`: the paper's evaluation suite (STS, transfer, reranking)
// for one encoder, written as JSON and printed as the paper's tables;
// `--compare a.json b.json` for a before/after table with deltas; and
// `--bootstrap A... --against B...` for the intervals of a difference
// (paired_bootstrap.h: over the test pairs, and over training seeds).
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "commands.h"
#include "encoder_args.h"
#include "option_flags.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/eval/evaluate.h"
#include "ranksent/eval/paired_bootstrap.h"
#include "ranksent/eval/report_tables.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/json_file.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

namespace {

nlohmann::json read_results(const std::string& path) { return read_json_file(path); }

struct EvalArgs {
  std::string model = default_encoder().path.string();
  std::string save_features;
  std::string tasks = "sts", data, rerank_data, output, markdown, pooling, label, mrpc = "full";
  std::vector<std::string> compare, bootstrap, against;
  int replicates = 1000;
  std::uint64_t bootstrap_seed = 0;
  std::int64_t batch_size = 64;
  std::size_t max_length = 0;
  std::string device = "cpu", dtype = "auto";
  int threads = 0, kfold = 10;
  std::uint64_t seed = 1111;
  double tol = 1e-6;
  bool quiet = false;
};

// The encoder, the tasks and where their data is.
void add_input_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--model", a.model, "Model directory (Hugging Face layout) or an encoder tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--tasks", a.tasks,
                  "Comma-separated groups (sts, transfer, rerank, all) or task names (STS12..STS16, STSBenchmark, "
                  "SICKRelatedness, MR, CR, SUBJ, MPQA, SST2, TREC, MRPC, AskUbuntuDupQuestions, SciDocsRR, "
                  "StackOverflowDupQuestions, MindSmallReranking, SNLIRerank)")
      ->capture_default_str();
  cmd->add_option("--data", a.data,
                  "Data directory in SentEval's layout (default: $RANKSENT_DATA, else ../shared/data)");
  cmd->add_option("--rerank-data", a.rerank_data,
                  "Directory of reranking sets: <dir>/<Task>/test.jsonl[.gz] or <dir>/<Task>.jsonl (default: --data)");
}

void add_output_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--output", a.output, "Results JSON (rewritten after every task)");
  cmd->add_option("--markdown", a.markdown, "Also write the tables to this Markdown file");
  cmd->add_option("--label", a.label, "Model name in the tables (default: the model folder's name)");
}

// How sentences become embeddings, and on what hardware.
void add_encoding_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--pooling", a.pooling, "cls | cls_before_pooler | mean (default: the model's)")
      ->check(CLI::IsMember(option_names<Pooling>()));
  cmd->add_option("--batch-size", a.batch_size)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--max-length", a.max_length, "Token limit (default: the model's)");
  cmd->add_option("--threads", a.threads, "CPU threads (0 = LibTorch's default)");
  cmd->add_option("--device", a.device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_option("--dtype", a.dtype, kDtypeHelp)->capture_default_str();
}

// The transfer tasks' classifier (SentEval's protocol).
void add_transfer_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--kfold", a.kfold, "Transfer: folds (SimCSE/SentEval: 10)")
      ->capture_default_str()
      ->check(CLI::Range(2, 100));
  cmd->add_option("--seed", a.seed, "Transfer: fold shuffling seed (SentEval's 1111)")->capture_default_str();
  cmd->add_option("--tol", a.tol, "Transfer: L-BFGS gradient tolerance")->capture_default_str();
  cmd->add_option("--mrpc-features", a.mrpc,
                  "full = [u, v, |u-v|, u*v] (docs/method.md), senteval = [|u-v|, u*v] (SentEval's mrpc.py)")
      ->capture_default_str()
      ->check(CLI::IsMember({"full", "senteval"}));
}

// Results files compared instead of an evaluation: a before/after table,
// or the paired bootstrap of two arms.
void add_comparison_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--compare", a.compare,
                  "Compare results files: BEFORE AFTER (a table with deltas) or BEFORE AFTER1 AFTER2 ... "
                  "(runs of several seeds: mean, std, delta)")
      ->expected(2, 100);
  cmd->add_option("--bootstrap", a.bootstrap,
                  "Intervals of a difference in STS average: results files of A (one a training seed), A minus the "
                  "--against files of the same seeds; per seed over the test pairs only and, with two seeds or "
                  "more, the mean over seeds three ways: test pairs only, over training seeds and test pairs, t over "
                  "seeds (docs/evaluation.md)")
      ->expected(1, 100);
  cmd->add_option("--against", a.against, "With --bootstrap: results files of B, in the same seed order")
      ->expected(1, 100);
  cmd->add_option("--replicates", a.replicates,
                  "With --bootstrap: bootstrap replicates (each a draw of the test pairs, and of the training seeds "
                  "for the interval over seeds)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--bootstrap-seed", a.bootstrap_seed, "With --bootstrap: the resampling seed")->capture_default_str();
}

void add_diagnostic_options(CLI::App* cmd, EvalArgs& a) {
  cmd->add_option("--save-features", a.save_features,
                  "Write the transfer tasks' features, labels and folds here (.npy + spec.json for "
                  "tests/reference/transfer_reference.py)");
  cmd->add_flag("--quiet", a.quiet, "No progress on stderr");
}

// Results encoded in different dtypes (eval's --dtype auto resolves per CPU)
// are compared all the same, with a warning: bfloat16 alone moves an STS set
// by up to about 0.015 (docs/cpus.md).
void warn_mixed_dtypes(const std::vector<std::string>& files, const std::vector<nlohmann::json>& results) {
  std::set<std::string> dtypes;
  std::string which;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto dtype = results[i].value("dtype", std::string("not recorded"));
    dtypes.insert(dtype);
    which += fmt::format("{}{}: {}", which.empty() ? "" : ", ", files[i], dtype);
  }
  if (dtypes.size() > 1)
    fmt::print(stderr,
               "eval: warning: these results were encoded in different dtypes ({}); bfloat16 alone moves an STS set "
               "by up to about 0.015 (docs/cpus.md)\n",
               which);
}

void print_paired_bootstrap(const EvalArgs& a) {
  if (a.bootstrap.size() != a.against.size())
    throw UsageError("--bootstrap and --against need as many results files each (one a seed, in the same order)");
  std::vector<nlohmann::json> ra, rb;
  for (const auto& f : a.bootstrap) ra.push_back(read_results(f));
  for (const auto& f : a.against) rb.push_back(read_results(f));
  std::vector<std::string> files = a.bootstrap;
  files.insert(files.end(), a.against.begin(), a.against.end());
  std::vector<nlohmann::json> all = ra;
  all.insert(all.end(), rb.begin(), rb.end());
  warn_mixed_dtypes(files, all);
  const auto tasks = eval::paired_tasks(ra, a.bootstrap, rb, a.against);
  if (tasks.empty()) throw UsageError("no STS task is in every results file of both sides");
  const auto r = eval::paired_bootstrap(tasks, {a.replicates, 0.95, a.bootstrap_seed});
  fmt::print("{}", eval::markdown_bootstrap(r, a.bootstrap.front(), a.against.front(), a.bootstrap));
}

void print_comparison(const EvalArgs& a) {
  std::vector<nlohmann::json> results;
  for (const auto& f : a.compare) results.push_back(read_results(f));
  warn_mixed_dtypes(a.compare, results);
  const std::vector<nlohmann::json> afters(results.begin() + 1, results.end());
  if (afters.size() == 1)
    fmt::print("{}", eval::markdown_compare(results[0], afters[0]));
  else
    fmt::print("{}", eval::markdown_compare_seeds(results[0], afters));
}

// The data folder (--data, else $RANKSENT_DATA, else ../shared/data) and the suite's options.
eval::EvalOptions eval_options(EvalArgs& a) {
  a.data = data_dir(a.data).string();
  if (!std::filesystem::is_directory(a.data)) throw InputError(a.data, "data directory not found");
  eval::EvalOptions o;
  o.data = a.data;
  o.rerank_data = a.rerank_data;
  o.tasks = eval::expand_tasks(a.tasks);
  o.transfer.k = a.kfold;
  o.transfer.seed = a.seed;
  o.transfer.solver.tol = a.tol;
  o.mrpc = a.mrpc == "full" ? eval::MrpcFeatures::Full : eval::MrpcFeatures::SentEval;
  o.show_progress = !a.quiet;
  o.save_features = a.save_features;
  return o;
}

std::size_t tasks_done(const nlohmann::json& r) {
  std::size_t n = 0;
  for (const char* f : {"sts", "transfer", "rerank"})
    if (r.contains(f))
      for (auto& [k, v] : r[f].items())
        if (v.is_object()) ++n;
  return n;
}

void run_evaluation(EvalArgs& a) {
  const eval::EvalOptions o = eval_options(a);
  if (!a.output.empty()) check_writable(a.output);
  if (!a.markdown.empty()) check_writable(a.markdown);
  set_torch_threads(a.threads);
  const auto encoder = placed_encoder(a.model, a.device, a.dtype);
  const EncodeOptions enc = encode_options(a.batch_size, a.max_length, a.pooling);
  // Written after every task, so that a long run keeps what it finished;
  // never before the first task succeeds (an earlier file stays intact).
  auto write = [&](nlohmann::json r) {
    if (!a.label.empty()) r["label"] = a.label;
    if (!a.output.empty() && tasks_done(r) > 0) write_file_atomic(a.output, r.dump(2) + "\n");
  };
  auto results = eval::evaluate(encoder, enc, o, write);
  if (!a.label.empty()) results["label"] = a.label;
  write(results);
  const auto tables = eval::markdown_tables(results);
  if (!a.markdown.empty()) write_file_atomic(a.markdown, tables);
  fmt::print("{}", tables);
  const std::size_t done = tasks_done(results);
  if (!a.output.empty() && done > 0) fmt::print(stderr, "wrote {}\n", a.output);
  if (!results["errors"].empty())
    throw InputError(a.data, fmt::format("{} task(s) failed on bad input ({})", results["errors"].size(),
                                         done > 0 ? "results of the others were written" : "nothing was written"));
  if (done == 0) throw InputError(a.data, "none of the requested tasks was found");
}

}  // namespace

void add_eval_command(CLI::App& app) {
  static EvalArgs a;
  auto* cmd = app.add_subcommand("eval", "Evaluate an encoder: STS12-16, STS-B, SICK-R, transfer, reranking");
  add_input_options(cmd, a);
  add_output_options(cmd, a);
  add_encoding_options(cmd, a);
  add_transfer_options(cmd, a);
  add_comparison_options(cmd, a);
  add_diagnostic_options(cmd, a);
  cmd->callback([] {
    if (!a.bootstrap.empty() || !a.against.empty())
      print_paired_bootstrap(a);
    else if (!a.compare.empty())
      print_comparison(a);
    else
      run_evaluation(a);
  });
}

}  // namespace ranksent::cli
