// MTEB's reranking JSONL (the paper's Table 2) and the builders of reranking
// sets: SNLI-derived, and AskUbuntu from its release.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/eval/text_files.h"

namespace ranksent::eval {

struct RerankSample {
  std::vector<std::string> query;  // MTEB allows a list of queries: the max similarity counts
  std::vector<std::string> positive, negative;
};
struct RerankTask {
  std::string name;
  std::vector<RerankSample> samples;
};
// The four MTEB reranking sets of the paper's Table 2, then ours.
const std::vector<std::string>& rerank_task_names();
// JSONL (optionally .gz), one {"query", "positive": [...], "negative": [...]} a line.
RerankTask read_rerank_jsonl(const std::filesystem::path& path, const std::string& name);
void write_rerank_jsonl(const std::filesystem::path& path, const RerankTask& task);
// `<root>/<name>/test.jsonl[.gz]` or `<root>/<name>.jsonl[.gz]`; SNLIRerank,
// when no such file exists, is built from `<root>/SNLI`.
RerankTask load_rerank_task(const std::filesystem::path& root, const std::string& name);

struct SnliRerankOptions {
  std::string split = "test";
  std::size_t other_negatives = 10;  // hypotheses of other premises added as negatives
  std::uint64_t seed = 1234;
  std::size_t max_queries = 0;  // 0 = all
};
// Query = an SNLI premise; positive = its entailment hypotheses; negative =
// its neutral and contradiction hypotheses plus `other_negatives` hypotheses
// drawn from other premises. Premises lacking a positive or a negative are
// skipped. Deterministic for a given seed (see docs/evaluation.md).
RerankTask build_snli_rerank(const std::filesystem::path& snli_dir, const SnliRerankOptions& options = {});

// AskUbuntuDupQuestions as MTEB has it: the queries of test.txt and dev.txt
// (taolei87/askubuntu) with at least one similar question; query = title,
// positive = titles of the similar IDs, negative = titles of the other BM25
// candidates. `text_tokenized` is the release's text_tokenized.txt(.gz)
// (id \t title \t body).
RerankTask import_askubuntu(const std::vector<std::filesystem::path>& id_files,
                            const std::filesystem::path& text_tokenized);

}  // namespace ranksent::eval
