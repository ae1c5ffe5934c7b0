// `ranksent snli-lists`: ranking lists from SNLI's human labels
// (snli_label_lists.h), for post-training without an LLM and as the control
// arm of the post-training study.
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/train/snli_label_lists.h"

namespace ranksent::cli {

void add_snli_lists_command(CLI::App& app) {
  struct Args {
    std::string data, output, split = "dev";
    std::size_t count = 200, length = 8;
  };
  static Args a;
  auto* cmd = app.add_subcommand(
      "snli-lists", "Ranking lists from SNLI's labels: premise > entailment > neutral > contradiction > others");
  cmd->add_option("--data", a.data, "Data root holding SNLI/ (s1, s2, labels files)")->required();
  cmd->add_option("--output", a.output, "Lists JSONL (written whole, atomically)")->required();
  cmd->add_option("--count", a.count, "Lists")
      ->check(CLI::Range(std::size_t(1), std::size_t(1) << 30))
      ->capture_default_str();
  cmd->add_option("--length", a.length, "Sentences a list")
      ->check(CLI::Range(std::size_t(4), std::size_t(1000)))
      ->capture_default_str();
  cmd->add_option("--split", a.split, "dev or test")->check(CLI::IsMember({"dev", "test"}))->capture_default_str();
  cmd->callback([] {
    const auto lists = snli_label_lists(std::filesystem::path(a.data) / "SNLI", a.count, a.length, a.split);
    std::string text;
    for (const auto& r : lists) text += r.to_json().dump() + "\n";
    write_file_atomic(a.output, text);
    fmt::print(stderr, "{}: {} lists of {} sentences\n", a.output, lists.size(), a.length);
  });
}

}  // namespace ranksent::cli
