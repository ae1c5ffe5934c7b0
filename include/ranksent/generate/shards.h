// Generation split over processes or machines: `generate --shard i/N` takes
// the seeds whose id hashes to i (a partition that depends on the id alone,
// so it does not change when the seed file is re-ordered), each shard
// writing its own resumable lists file; merge_list_files() checks the shards
// against each other (and the seed file) and joins them.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent {

struct Shard {
  int index = 0;  // 0-based, as Slurm array task ids and Kubernetes completion indexes are
  int count = 1;
  bool operator==(const Shard&) const = default;
};

// "i/N" with 0 <= i < N; UsageError otherwise.
Shard parse_shard(std::string_view text);
std::string shard_name(const Shard& s);

// The shard a seed id belongs to: FNV-1a (64-bit) of the id's JSON text
// ("7", "\"abc\"") modulo N.
int shard_of(const nlohmann::json& id, int count);

struct MergeOptions {
  std::optional<std::filesystem::path> seeds;  // every seed present once, output in seed order
  std::string field = "sentence";              // JSONL seeds: the text field
  long limit = -1;                             // the seeds of `generate --limit K`
};

// Where each merged record is, not the records: a merge of 200,000 lists
// holds their places and copies the lines from the shards while writing.
struct MergedLists {
  struct Line {
    std::size_t file = 0;      // index into `files`
    std::uint64_t offset = 0;  // byte offset of the line in that file
    std::size_t size = 0;      // bytes, without the '\n'
  };
  std::vector<std::filesystem::path> files;
  std::vector<Line> order;  // the output, in order
  std::size_t kept = 0, rejected = 0;

  // Calls `each` with every record's line (as the shard wrote it, without
  // its '\n'), in order, reading them from the shard files.
  void for_each_line(const std::function<void(const std::string&)>& each) const;
  std::vector<std::string> lines() const;  // all of them (small merges, tests)
};

// Reads every shard (a torn last line is an error here: finish that shard
// first) and checks: each line a list record; the run fields (strategy,
// model_sha256, prompt, steps, lambda, escape) equal across all records; no
// id in two places (the message says whether the two records agree); with
// `seeds`, each seed's id present and no other. Throws InputError naming
// the file, line and field.
MergedLists merge_list_files(const std::vector<std::filesystem::path>& shards, const MergeOptions& options);

}  // namespace ranksent
