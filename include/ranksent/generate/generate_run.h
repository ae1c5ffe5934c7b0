// A whole `ranksent generate` run as a library call: seeds (or, for shuffle,
// lists) in, lists.jsonl out, appended one finished list at a time. A rerun
// with the same output resumes: ids already there are skipped and a torn last
// line from a kill is discarded. Stops cleanly when `stop` turns true.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ranksent/generate/shards.h"
#include "ranksent/generate/strategy.h"

namespace ranksent {

struct GenerateSummary;

struct GenerateRun {
  std::filesystem::path seeds;     // LLM strategies: text (one a line) or JSONL
  std::filesystem::path lists;     // shuffle: the lists to permute
  std::filesystem::path output;    // lists.jsonl, appended to and resumed
  std::filesystem::path model;     // GGUF file (resolve_llm turns a tier name into one)
  std::string field = "sentence";  // JSONL seeds: the field holding the text
  long limit = -1;                 // only the first K seeds
  Shard shard;                     // only the seeds of shard i of N (after limit; shards.h)
  bool plain_prompt = false;       // allow a GGUF without a chat template
  bool progress = true;
  GenerateOptions options;
  // Called once the output is opened and before decoding starts, with
  // total, existing and torn_bytes set (e.g. to say a run resumes).
  std::function<void(const GenerateSummary&)> on_start;
  // Called with each list once it is in the output (in the order lists
  // finish, on the thread that runs generate_lists); the Python package's
  // iterator is built on it.
  std::function<void(const RankingList&)> on_list;
};

// Counts cover the whole output file (a resumed run's earlier records
// included); `written` and the engine figures are this run's.
struct GenerateSummary {
  std::size_t total = 0;                                         // items asked for (after --limit and --shard)
  std::size_t existing = 0;                                      // already in the output (a resumed run)
  std::size_t written = 0;                                       // by this run
  std::size_t lists = 0, kept = 0, rejected = 0, sentences = 0;  // in the file
  std::size_t torn_bytes = 0;                                    // a torn last line discarded on resume
  std::int64_t redecodes = 0;                                    // in the file
  std::map<std::string, std::size_t> rejected_by_rule;           // rule_of(reason) -> lists, in the file
  double seconds = 0;
  bool interrupted = false;
  EngineStats engine;

  // The --stats file: counts, rules, re-decodes and engine figures. With
  // `previous` (the stats file of an earlier run on the same output), the
  // work figures (tokens, calls, seconds, lists written, re-decodes by rule)
  // are its plus this run's, so a resumed run's file describes all of it.
  nlohmann::json to_json(const GenerateRun& run, const nlohmann::json* previous = nullptr) const;
};

GenerateSummary generate_lists(const GenerateRun& run, const std::atomic<bool>* stop);

}  // namespace ranksent
