// `ranksent merge-lists`: the shard files of `generate --shard i/N` checked
// against each other (and the seed file) and joined into one lists file
// (shards.h).
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/error.h"
#include "ranksent/generate/shards.h"
#include "ranksent/io/atomic_file.h"

namespace ranksent::cli {

void add_merge_lists_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> shards;
    std::string output, seeds;
    MergeOptions options;
  };
  static Args a;
  auto* cmd = app.add_subcommand("merge-lists", "Check and join the lists files of `generate --shard i/N`");
  cmd->add_option("shards", a.shards, "The shard files")->required();
  cmd->add_option("--output", a.output, "Merged lists JSONL (written whole, atomically)")->required();
  cmd->add_option("--seeds", a.seeds, "The seed file of the run: every seed must have its list; output in seed order");
  cmd->add_option("--field", a.options.field, "JSONL seeds: the field holding the text")->capture_default_str();
  cmd->add_option("--limit", a.options.limit, "The run's --limit: only its first K seeds")
      ->check(CLI::Range(0L, 1L << 40));
  cmd->callback([] {
    std::vector<std::filesystem::path> shards(a.shards.begin(), a.shards.end());
    for (const auto& s : shards)
      if (std::filesystem::exists(a.output) && std::filesystem::equivalent(s, a.output))
        throw UsageError("--output " + a.output + " is one of the shards; write the merge elsewhere");
    if (!a.seeds.empty()) a.options.seeds = a.seeds;
    const auto merged = merge_list_files(shards, a.options);
    AtomicFile out(a.output);  // streamed from the shards, renamed into place when whole
    merged.for_each_line([&](const std::string& line) {
      out.write(line);
      out.write("\n");
    });
    out.commit();
    fmt::print(stderr, "{}: {} lists from {} shards ({} kept, {} rejected)\n", a.output, merged.order.size(),
               shards.size(), merged.kept, merged.rejected);
  });
}

}  // namespace ranksent::cli
