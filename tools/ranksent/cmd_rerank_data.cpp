// `ranksent rerank-data`: builds reranking sets in MTEB's JSONL format, from
// SNLI (our stand-in, see docs/evaluation.md) or from the AskUbuntu release.
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/error.h"
#include "ranksent/eval/rerank_data.h"

namespace ranksent::cli {

void add_rerank_data_command(CLI::App& app) {
  struct Args {
    std::string snli_dir, output, askubuntu_ids, text;
    eval::SnliRerankOptions snli;
  };
  static Args a;
  auto* cmd = app.add_subcommand("rerank-data", "Build reranking sets (MTEB JSONL)");
  cmd->require_subcommand(1);

  auto* snli = cmd->add_subcommand("snli", "SNLI premises as queries, their hypotheses as candidates");
  snli->add_option("--snli", a.snli_dir, "SNLI folder in SentEval's layout (s1/s2/labels.<split>)")->required();
  snli->add_option("--split", a.snli.split)->capture_default_str();
  snli->add_option("--other-negatives", a.snli.other_negatives, "Hypotheses of other premises added as negatives")
      ->capture_default_str();
  snli->add_option("--seed", a.snli.seed)->capture_default_str();
  snli->add_option("--max-queries", a.snli.max_queries, "0 = all")->capture_default_str();
  snli->add_option("--output", a.output, "JSONL file")->required();
  snli->callback([] {
    auto task = eval::build_snli_rerank(a.snli_dir, a.snli);
    eval::write_rerank_jsonl(a.output, task);
    fmt::print(stderr, "wrote {} queries to {}\n", task.samples.size(), a.output);
  });

  auto* au = cmd->add_subcommand("askubuntu", "AskUbuntuDupQuestions (MTEB) from the taolei87/askubuntu release");
  au->add_option("--ids", a.askubuntu_ids, "Folder with test.txt and dev.txt (e.g. data/AskUbuntu-partial)")
      ->required();
  au->add_option("--text", a.text, "text_tokenized.txt.gz of the release (id, title, body)")->required();
  au->add_option("--output", a.output, "JSONL file")->required();
  au->callback([] {
    const std::filesystem::path ids = a.askubuntu_ids;
    auto task = eval::import_askubuntu({ids / "test.txt", ids / "dev.txt"}, a.text);
    eval::write_rerank_jsonl(a.output, task);
    fmt::print(stderr, "wrote {} queries to {}\n", task.samples.size(), a.output);
  });
}

}  // namespace ranksent::cli
