// Loaders for the evaluation data in SentEval's layouts (STS12-16, STS-B,
// SICK, MR/CR/SUBJ/MPQA/SST2/TREC/MRPC) and MTEB's reranking JSONL, plus the
// builders of reranking sets (SNLI-derived, AskUbuntu from its release).
// Sentences are normalised as SentEval's loaders do: split on whitespace and
// joined with single spaces. Malformed input throws InputError naming the
// file and line; an absent task folder throws TaskMissing.
#pragma once
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ranksent/io/text_lines.h"

namespace ranksent::eval {


// A task whose folder (or file) is not under the data directory: reported,
// not fatal.
class TaskMissing : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Python's ' '.join(s.split()): runs of (Unicode) whitespace become one
// space, none at either end. SentEval tokenises every sentence this way.
std::string whitespace_join(std::string_view text);

// Lines of a text file or a .gz file (ranksent/io/text_lines.h).
using ranksent::read_lines;

// The loaders' two checks: a task folder that is absent is TaskMissing (the
// task is reported missing, not fatal); a line that is not UTF-8 is an
// InputError naming file and line.
void require_dir(const std::filesystem::path& dir, const std::string& task);
void check_utf8(const std::string& line, const std::filesystem::path& file, long line_number);

// ---- SNLI ------------------------------------------------------------------
// One line of SNLI's SentEval layout (s1.<split>, s2.<split>, labels.<split>):
// premise, hypothesis and label, whitespace-joined; `line` is 1-based.
struct SnliPair {
  std::string premise, hypothesis, label;
  long line = 0;
};

// Every pair of a split, in file order. InputError naming the file and line
// for differing line counts, invalid UTF-8 or a label other than
// entailment / neutral / contradiction; TaskMissing when the folder is absent.
std::vector<SnliPair> read_snli(const std::filesystem::path& dir, const std::string& split);

// ---- STS -------------------------------------------------------------------
struct StsSubset {
  std::string name;
  std::vector<std::string> a, b;
  std::vector<double> gold;
};
struct StsTask {
  std::string name;
  std::vector<StsSubset> subsets;  // STS12-16: SentEval's sub-datasets; STS-B/SICK: one split
  bool pooled = false;             // STS12-16: the "all" setting pools the subsets
};

// STS12 .. STS16, STSBenchmark, SICKRelatedness: the seven of the paper's Table 1.
const std::vector<std::string>& sts_task_names();
// SentEval's sub-dataset names of one year (STS13 without the LDC-only SMT).
const std::vector<std::string>& sts_year_subsets(const std::string& year);
// `<root>/<year>/STS.input.<name>.txt` + `STS.gs.<name>.txt`; pairs with an
// empty gold score are dropped, as SentEval does.
StsTask load_sts_year(const std::filesystem::path& root, const std::string& year);
// `<root>/STSBenchmark/sts-<split>.csv` (7 tab columns, score in the 5th).
StsTask load_sts_benchmark(const std::filesystem::path& root, const std::string& split = "test");
// `<root>/SICK/SICK_<split>.txt` (header line; split "test" = test_annotated).
StsTask load_sick_relatedness(const std::filesystem::path& root, const std::string& split = "test");
// Any of sts_task_names() (test split for STS-B and SICK-R).
StsTask load_sts_task(const std::filesystem::path& root, const std::string& name);

// ---- Transfer (SentEval classification) -------------------------------------
enum class TransferProtocol {
  CrossValidation,  // MR, CR, SUBJ, MPQA: k-fold with inner k-fold for the penalty
  TrainTest,        // TREC, MRPC: k-fold on train for the penalty, then test
  TrainDevTest,     // SST2: penalty on dev, then test
};
struct TransferSplit {
  std::vector<std::string> a, b;  // b only for sentence-pair tasks (MRPC)
  std::vector<int> y;
};
struct TransferTask {
  std::string name;
  int classes = 2;
  TransferProtocol protocol = TransferProtocol::CrossValidation;
  bool pairs = false;
  TransferSplit train, dev, test;  // CrossValidation: everything in train
};
// MR, CR, SUBJ, MPQA, SST2, TREC, MRPC: the paper's Table 7.
const std::vector<std::string>& transfer_task_names();
TransferTask load_transfer_task(const std::filesystem::path& root, const std::string& name);

// ---- Reranking (MTEB) ----------------------------------------------------------
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
  std::size_t max_queries = 0;       // 0 = all
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
RerankTask import_askubuntu(const std::vector<std::filesystem::path>& id_files, const std::filesystem::path& text_tokenized);

}  // namespace ranksent::eval
