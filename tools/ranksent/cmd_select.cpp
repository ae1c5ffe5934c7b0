// `ranksent select`: seeds by k-means diversity sampling of premises
// (docs/method.md section 1, docs/seeds.md).
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/models.h"
#include "ranksent/select/seed_selection.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

void add_select_command(CLI::App& app) {
  static SelectOptions o;
  static std::vector<std::string> inputs, exclude;
  static std::string model = default_encoder().path.string(), output;
  static int threads = 0;
  static bool quiet = false;
  auto* cmd = app.add_subcommand("select", "Seeds by k-means sampling of premises (docs/method.md section 1)");
  cmd->add_option("--input", inputs, "Premises: text (one a line), JSONL (--field) or .csv/.tsv (--column)")
      ->required();
  cmd->add_option("--column", o.read.column, "1-based tab-separated column of .csv/.tsv inputs (SNLI-train cat: 3)");
  cmd->add_option("--field", o.read.field, "JSONL: the field holding the text")->capture_default_str();
  cmd->add_option("--exclude", exclude, "Sentences never to select (e.g. evaluation sets), same formats");
  cmd->add_option("--output", output, "seeds.jsonl: id, text, cluster, distance, source")->required();
  cmd->add_option("--model", model, "Encoder model directory or an encoder tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--clusters", o.kmeans.clusters, "K (the paper: 1000)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--per-cluster", o.per_cluster, "Seeds drawn from each cluster (the paper: 20)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", o.kmeans.seed, "k-means++ and sampling seed")->capture_default_str();
  cmd->add_option("--max-iterations", o.kmeans.max_iterations, "Lloyd iterations at most")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--tol", o.kmeans.tol, "Stop when the centre shift is at most tol x the data's mean variance")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--batch-size", o.encode.batch_size)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--threads", threads, "CPU threads (0 = LibTorch's default)");
  cmd->add_flag("--quiet", quiet, "No progress lines");
  cmd->callback([] {
    set_torch_threads(threads);
    o.inputs.assign(inputs.begin(), inputs.end());
    o.exclude.assign(exclude.begin(), exclude.end());
    o.model = resolve_encoder(model);
    o.output = output;
    o.encode.show_progress = o.kmeans.show_progress = !quiet;
    const auto s = select_seeds(o);
    fmt::print("premises: {} lines, {} unique ({} duplicates collapsed, {} excluded, {} without text)\n", s.pool.lines,
               s.unique, s.pool.duplicates, s.pool.excluded, s.pool.no_text);
    fmt::print("embeddings: {} ({}, {:.1f} s)\n", s.embeddings.string(),
               s.embeddings_cached ? "from the cache" : "computed", s.embed_seconds);
    fmt::print("k-means: K = {}, {} iterations ({}), inertia {:.6g}, {} empty clusters re-seeded, {:.1f} s\n",
               o.kmeans.clusters, s.iterations, s.converged ? "converged" : "iteration cap", s.inertia, s.reseeded,
               s.kmeans_seconds);
    fmt::print("seeds: {} written to {} (up to {} from each of {} clusters)\n", s.seeds, output, o.per_cluster,
               o.kmeans.clusters);
  });
}

}  // namespace ranksent::cli
