// `ranksent generate`: ranking lists for seed sentences (docs/method.md
// section 2); the run itself is generate_lists() in the library. This file
// parses the options and prints the summary.
#include <cmath>

#include <fmt/core.h>

#include "commands.h"
#include "option_flags.h"
#include "ranksent/common/interrupt.h"
#include "ranksent/error.h"
#include "ranksent/generate/generate_run.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/json_file.h"
#include "ranksent/models.h"

namespace ranksent::cli {

namespace {

struct Args {
  GenerateRun run;
  std::string model, prompt, stats, shard;  // model: empty = the best installed tier
  std::optional<double> guidance_scale;
  CLI::Option* lambda = nullptr;  // --lambda, which fills options.decoding.lambda
  bool allow_consecutive_duplicates = false, quiet = false, paper_exact = false, no_hygiene = false;
  bool no_prefix_sharing = false, no_c2_reuse = false, unified_kv = false;
};

void run(Args& a) {
  GenerateRun& r = a.run;
  GenerateOptions& o = r.options;
  DecodingOptions& d = o.decoding;
  if (a.lambda->count() > 0 && a.guidance_scale) throw UsageError("give --lambda or --guidance-scale, not both");
  // The paper's gamma = 1.5 is the guidance scale 1 + lambda (docs/method.md section 2.2).
  if (a.guidance_scale) d.lambda = *a.guidance_scale - 1.0;
  if (!(d.lambda >= 0) || !std::isfinite(d.lambda))  // NaN fails both comparisons
    throw UsageError("--lambda must be a number >= 0 (--guidance-scale >= 1)");
  if (!a.prompt.empty()) {
    if (std::filesystem::exists(a.prompt))
      o.prompt_file = a.prompt;
    else if (parse_strategy(a.prompt) && a.prompt != "shuffle")
      o.prompt_builtin = a.prompt;
    else
      throw InputError(a.prompt,
                       "no such prompt template file (nor a built-in name: directional, step-by-step, single-step)");
  }
  d.share_prefix = !a.no_prefix_sharing;
  d.reuse_c2 = !a.no_c2_reuse;
  d.kv_unified = a.unified_kv;
  o.verify.reject_consecutive_duplicates = !a.allow_consecutive_duplicates;
  if (a.no_hygiene) o.hygiene.enabled = false;
  if (a.paper_exact) make_paper_exact(o);
  if (!(o.hygiene.min_length_ratio > 0 && o.hygiene.min_length_ratio <= 1 && o.hygiene.max_length_ratio >= 1))
    throw UsageError("--min-length-ratio must be in (0, 1] and --max-length-ratio >= 1");
  if (o.strategy != Strategy::shuffle) {
    if (a.model.empty()) {
      const auto best = best_installed_llm();
      a.model = best.tier;
      fmt::print(stderr, "generate: model {} ({}), the best installed tier; --model chooses another\n", best.tier,
                 best.name);
    }
    r.model = resolve_llm(a.model);
  }
  r.progress = !a.quiet;
  if (!a.shard.empty()) r.shard = parse_shard(a.shard);
  const std::string out = r.output.string();
  r.on_start = [out](const GenerateSummary& s) {
    if (s.torn_bytes > 0)
      fmt::print(stderr, "{}: discarded a torn last line ({} bytes) left by an interrupted run\n", out, s.torn_bytes);
    if (s.existing > 0)
      fmt::print(stderr, "{}: {} of {} lists already there, {} to go\n", out, s.existing, s.total,
                 s.total - s.existing);
  };

  GenerateSummary sum;
  {
    InterruptScope interrupt;
    sum = generate_lists(r, interrupt.flag());
  }
  fmt::print(stderr,
             "{}: {} lists written in {:.1f} s ({} tokens generated, {} prompt tokens evaluated, a naive "
             "decoder: {}); the file holds {} lists, {} kept, {} rejected, {} re-decodes\n",
             out, sum.written, sum.seconds, sum.engine.generated_tokens, sum.engine.prompt_tokens,
             sum.engine.naive_prompt_tokens, sum.lists, sum.kept, sum.rejected, sum.redecodes);
  if (!sum.rejected_by_rule.empty()) {
    std::string rules;
    for (const auto& [rule, n] : sum.rejected_by_rule)
      rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", n, rule);
    fmt::print(stderr, "{}: rejected by rule: {}\n", out, rules);
  }
  if (!a.stats.empty()) {
    // A resumed run adds to the figures of the runs before it; a run that
    // starts the lists file afresh starts its figures afresh too (the stats
    // describe the file).
    nlohmann::json previous;
    if (sum.existing > 0 && std::filesystem::exists(a.stats)) {
      try {
        previous = read_json_file(a.stats);
      } catch (const InputError&) {
        previous = nullptr;  // not ours: replaced
      }
    }
    write_file_atomic(a.stats, sum.to_json(r, &previous).dump(2) + "\n");
  }
  if (sum.interrupted) throw Interrupted(out + ": interrupted; rerun the same command to go on");
}

}  // namespace

void add_generate_command(CLI::App& app) {
  static Args a;
  auto& r = a.run;
  auto& o = r.options;
  auto* cmd =
      app.add_subcommand("generate", "Write ranking lists for seed sentences with an LLM (docs/method.md section 2)");
  cmd->add_option("--seeds", r.seeds, "Seeds: text (one a line) or JSONL (.jsonl, text in --field, optional id)");
  cmd->add_option("--output", r.output, "Lists JSONL, appended to and resumed")->required();
  cmd->add_option("--strategy", o.strategy, "directional | step-by-step | single-step | shuffle")
      ->transform(CLI::CheckedTransformer(option_map<Strategy>()))
      ->default_str("directional");
  cmd->add_option("--steps", o.steps, "Sentences after the seed")->check(CLI::Range(1, 1000))->capture_default_str();
  a.lambda = cmd->add_option("--lambda", o.decoding.lambda, "Eq. 4 weight")->capture_default_str();
  cmd->add_option("--guidance-scale", a.guidance_scale, "1 + lambda (the paper's gamma = 1.5)");
  cmd->add_option(
      "--model", a.model,
      "GGUF instruct model: a path or an installed tier (ranksent models); default: the best installed tier");
  cmd->add_option("--parallel", o.decoding.parallel, "Lists in flight (up to 2N sequences in one llama_decode)")
      ->check(CLI::Range(1, max_parallel_lists()))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "CPU threads (0 = all)")->check(CLI::Range(0, 1024));
  cmd->add_option("--gpu-layers", o.gpu_layers, "Layers offloaded to the GPU (-1 = all; needs a GPU build)")
      ->check(CLI::Range(-1, 100000));
  cmd->add_option("--max-new-tokens", o.decoding.max_new_tokens, "Cap per sentence (reached = truncated, rejected)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--max-seed-tokens", o.max_seed_tokens, "Longer seeds are skipped with a reason")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--limit", r.limit, "Only the first K seeds")->check(CLI::Range(0L, 1L << 40));
  cmd->add_option("--shard", a.shard, "Only shard i of N (0-based, by seed id; merge with `ranksent merge-lists`)");
  cmd->add_option("--prompt", a.prompt,
                  "Prompt template: a file ([system]/[user], {sentence}) or a built-in name (directional, "
                  "step-by-step, single-step); default: the strategy's own");
  cmd->add_flag("--all-in-user", o.all_in_user, "Put the instruction in the user turn too (the authors' layout)");
  cmd->add_flag("--plain-prompt", r.plain_prompt,
                "Allow a model without a chat template (plain 'role: content' prompts)");
  cmd->add_option("--field", r.field, "JSONL seeds: the field holding the text")->capture_default_str();
  cmd->add_option("--lists", r.lists, "shuffle: the lists file to permute");
  cmd->add_option("--shuffle-seed", o.shuffle_seed, "shuffle: random seed")->capture_default_str();
  cmd->add_option(
         "--escape", o.decoding.escape.mode,
         "Fixed-point escape: re-decode a step that breaks a sentence rule by sampling (resample), with "
         "copies of earlier sentences penalised (avoid), both (resample-avoid), or not at all (none, the paper's)")
      ->transform(CLI::CheckedTransformer(option_map<FixedPointEscape>()))
      ->default_str(escape_name(o.decoding.escape.mode));
  cmd->add_option("--max-redecodes", o.decoding.escape.max_redecodes, "Re-decodes per sentence")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--temperature", o.decoding.escape.temperature, "resample: softmax(score / T)")
      ->check(CLI::Range(0.01, 100.0))
      ->capture_default_str();
  cmd->add_option("--avoid-penalty", o.decoding.escape.penalty,
                  "avoid: score taken from a token that copies an earlier sentence")
      ->check(CLI::Range(0.0, 1000.0))
      ->capture_default_str();
  cmd->add_option("--min-length-ratio", o.hygiene.min_length_ratio, "Length rule: fewest words, x the seed's")
      ->capture_default_str();
  cmd->add_option("--max-length-ratio", o.hygiene.max_length_ratio, "Length rule: most words, x the seed's")
      ->capture_default_str();
  cmd->add_flag("--no-hygiene", a.no_hygiene, "Keep echoed prompt text and quotes; no echo and length rules");
  cmd->add_flag("--paper-exact", a.paper_exact, "The paper's decoder and rules: --escape none --no-hygiene");
  cmd->add_flag("--allow-consecutive-duplicates", a.allow_consecutive_duplicates,
                "Keep lists with two equal consecutive sentences (our addition to the authors' filters)");
  cmd->add_flag("--no-prefix-sharing", a.no_prefix_sharing,
                "Evaluate the shared prompt prefix in every context (for comparison)");
  cmd->add_flag("--no-c2-reuse", a.no_c2_reuse, "Prefill c2 afresh for every sentence (for comparison)");
  cmd->add_flag("--unified-kv", a.unified_kv, "One KV buffer for all sequences (results then depend on the batch)");
  cmd->add_option("--stats", a.stats, "Write run statistics (rules, re-decodes, tokens, seconds) as JSON");
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
  cmd->callback([] { run(a); });
}

}  // namespace ranksent::cli
