// `ranksent eval`: the paper's evaluation suite (docs/method.md section 4) for one
// encoder. Every sentence is embedded once per run (a cache keyed by the
// text), tasks are evaluated in order, and the results are a JSON document
// that report_tables.h turns into the paper's tables.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranksent/encode/encoder.h"
#include "ranksent/eval/transfer.h"

namespace ranksent::eval {

// Embeddings of distinct sentences, computed on first request.
class EmbeddingCache {
 public:
  EmbeddingCache(const Encoder& encoder, EncodeOptions options);
  // Embeds the sentences not seen yet (in one encode call).
  void add(const std::vector<std::string>& sentences);
  // Rows of the given sentences (each must have been added).
  Features gather(const std::vector<std::string>& sentences) const;
  const float* row(const std::string& sentence) const;
  std::int64_t dim() const { return dim_; }
  std::size_t size() const { return index_.size(); }
  double encode_seconds() const { return encode_seconds_; }

 private:
  const Encoder& encoder_;
  EncodeOptions options_;
  std::int64_t dim_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<float> rows_;
  double encode_seconds_ = 0;
};

enum class MrpcFeatures {
  Full,      // [u, v, |u - v|, u * v]: docs/method.md section 4 (the default)
  SentEval,  // [|u - v|, u * v]: what SentEval's mrpc.py feeds the classifier
};

struct EvalOptions {
  std::filesystem::path data;         // SentEval-style data root
  std::filesystem::path rerank_data;  // where reranking sets live (empty = data)
  std::vector<std::string> tasks;     // task names, already expanded from groups
  TransferConfig transfer;
  MrpcFeatures mrpc = MrpcFeatures::Full;
  bool show_progress = false;
  // When set, every transfer task's features, labels and folds are written
  // here as .npy with a spec.json that tests/reference/transfer_reference.py
  // reads: the scikit-learn check on exactly the features of this run.
  std::filesystem::path save_features;
};

// Writes one transfer job (features, labels, folds, grid) for the reference
// script into `dir` and returns its spec.json entry.
nlohmann::json save_transfer_job(const std::filesystem::path& dir, const std::string& name, const std::string& protocol,
                                 int classes, const std::vector<double>& grid, const Features& train,
                                 const std::vector<int>& ytrain, const Features* dev, const std::vector<int>* ydev,
                                 const Features* test, const std::vector<int>* ytest, const TransferConfig& config,
                                 bool f1);

// "sts", "transfer", "rerank", "all" or task names, comma-separated, into
// task names in the paper's order. Throws std::invalid_argument on an
// unknown name.
std::vector<std::string> expand_tasks(const std::string& spec);
// "sts", "transfer" or "rerank".
std::string task_family(const std::string& task);

// Evaluates every task. A task whose folder is absent lands in "missing", a
// task whose files are malformed in "errors" (with the InputError message);
// neither stops the others. `on_task` runs after each task with the results
// so far (the CLI writes them out, so partial results survive).
nlohmann::json evaluate(const Encoder& encoder, const EncodeOptions& encode, const EvalOptions& options,
                        const std::function<void(const nlohmann::json&)>& on_task = {});

// The averages of each family over the tasks present (recomputed in place):
// sts.avg (the paper's Avg. when all seven are there), transfer.avg,
// rerank.avg_map / avg_mrr10.
void update_averages(nlohmann::json& results);

}  // namespace ranksent::eval
