// `ranksent generate`: ranking lists for seed sentences (METHOD.md section 2),
// appended to a JSONL file one finished list at a time. A rerun with the same
// output resumes: seeds already there are skipped, a torn last line from a
// kill is discarded. SIGINT/SIGTERM finish the current write and stop.
#include <chrono>
#include <fstream>
#include <optional>

#include <fmt/core.h>

#include "commands.h"
#include "ranksent/common/interrupt.h"
#include "ranksent/common/progress.h"
#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/generate/strategy.h"
#include "ranksent/models.h"

namespace ranksent::cli {

namespace {

struct Args {
  std::string seeds, lists, output, strategy = "directional", model = default_llm().path.string();
  std::string prompt, field = "sentence", stats;
  int steps = 32, parallel = 16, threads = 0, max_new_tokens = 100, max_seed_tokens = 128;
  std::optional<double> lambda, guidance_scale;
  long limit = -1;
  std::uint64_t shuffle_seed = 0;
  bool all_in_user = false, plain_prompt = false, allow_consecutive_duplicates = false, quiet = false;
  bool no_prefix_sharing = false, no_c2_reuse = false, unified_kv = false;
};

void run(const Args& a) {
  GenerateOptions o;
  o.strategy = a.strategy;
  o.steps = a.steps;
  if (a.lambda && a.guidance_scale) throw InputError("--lambda", "give --lambda or --guidance-scale, not both");
  // The paper's gamma = 1.5 is the guidance scale 1 + lambda (METHOD.md section 2).
  o.lambda = a.lambda ? *a.lambda : a.guidance_scale ? *a.guidance_scale - 1.0 : 0.5;
  if (o.lambda < 0) throw InputError("--lambda", "lambda must be >= 0 (guidance scale >= 1)");
  o.max_new_tokens = a.max_new_tokens;
  o.max_seed_tokens = a.max_seed_tokens;
  o.parallel = a.parallel;
  o.threads = a.threads;
  if (!a.prompt.empty()) o.prompt_file = a.prompt;
  o.all_in_user = a.all_in_user;
  o.share_prefix = !a.no_prefix_sharing;
  o.reuse_c2 = !a.no_c2_reuse;
  o.kv_unified = a.unified_kv;
  o.verify.reject_consecutive_duplicates = !a.allow_consecutive_duplicates;
  o.shuffle_seed = a.shuffle_seed;

  std::vector<SeedItem> items;
  std::unique_ptr<RankingStrategy> strategy;
  if (a.strategy == "shuffle") {
    if (a.lists.empty()) throw InputError("--lists", "--strategy shuffle permutes an existing lists file: give --lists FILE");
    items = read_list_items(a.lists);
    strategy = make_shuffle_strategy(o);
  } else {
    if (a.seeds.empty()) throw InputError("--seeds", "give a seeds file (text, one a line, or JSONL)");
    items = read_seed_items(a.seeds, a.field);
    check_generative_model(a.model, a.plain_prompt);
    const std::filesystem::path model_path = a.model;
    o.model_name = model_path.filename().string();
    o.model_sha256 = sha256_file(model_path).substr(0, 16);
    LlmOptions lo;
    lo.threads = a.threads;
    strategy = make_llm_strategy(LlmModel::load(model_path, lo), o);
  }
  if (a.limit >= 0 && std::size_t(a.limit) < items.size()) items.resize(std::size_t(a.limit));

  ListsFile out(a.output, strategy->record_template());
  if (out.torn_bytes() > 0)
    fmt::print(stderr, "{}: discarded a torn last line ({} bytes) left by an interrupted run\n", a.output, out.torn_bytes());
  std::vector<SeedItem> todo;
  for (auto& item : items)
    if (!out.done(item.id)) todo.push_back(std::move(item));
  if (items.size() != todo.size())
    fmt::print(stderr, "{}: {} of {} lists already there, {} to go\n", a.output, items.size() - todo.size(),
               items.size(), todo.size());

  std::size_t written = 0, rejected = 0, sentences = 0;
  std::int64_t tokens = 0;
  const auto t0 = std::chrono::steady_clock::now();
  bool interrupted = false;
  {
    InterruptScope interrupt;
    Progress progress("generate " + a.strategy, todo.size(), "lists", !a.quiet);
    strategy->generate(todo, [&](RankingList&& r) {
      out.append(r);
      ++written;
      rejected += r.rejected.has_value();
      sentences += r.sentences.size() - 1;
      tokens += r.generated_tokens;
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      progress.advance(1, fmt::format("{:.2f} sentences/s, {:.1f} tokens/s, {} rejected", sentences / s, tokens / s,
                                      rejected));
    }, interrupt.flag());
    interrupted = interrupt.requested();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto st = strategy->stats();
  fmt::print(stderr, "{}: {} lists written ({} kept, {} rejected) in {:.1f} s; {} tokens generated, {} prompt tokens "
                     "evaluated (a naive decoder: {})\n",
             a.output, written, written - rejected, rejected, seconds, st.generated_tokens, st.prompt_tokens,
             st.naive_prompt_tokens);
  if (!a.stats.empty()) {
    nlohmann::json j = {{"strategy", a.strategy}, {"parallel", a.parallel}, {"lists", written},
                        {"rejected", rejected}, {"sentences", sentences}, {"seconds", seconds},
                        {"generated_tokens", st.generated_tokens}, {"prompt_tokens", st.prompt_tokens},
                        {"naive_prompt_tokens", st.naive_prompt_tokens}, {"evaluated_tokens", st.evaluated_tokens},
                        {"decode_calls", st.decode_calls}, {"engine_seconds", st.seconds}, {"decode_seconds", st.decode_seconds},
                        {"interrupted", interrupted}};
    std::ofstream(a.stats) << j.dump(2) << "\n";
  }
  if (interrupted) {
    fmt::print(stderr, "{}: interrupted; rerun the same command to go on\n", a.output);
    throw std::runtime_error("interrupted");
  }
}

}  // namespace

void add_generate_command(CLI::App& app) {
  static Args a;
  auto* cmd = app.add_subcommand("generate", "Write ranking lists for seed sentences with an LLM (METHOD.md section 2)");
  cmd->add_option("--seeds", a.seeds, "Seeds: text (one a line) or JSONL (.jsonl, text in --field, optional id)");
  cmd->add_option("--output", a.output, "Lists JSONL, appended to and resumed")->required();
  cmd->add_option("--strategy", a.strategy, "directional | step-by-step | single-step | shuffle")
      ->check(CLI::IsMember({"directional", "step-by-step", "single-step", "shuffle"}))->capture_default_str();
  cmd->add_option("--steps", a.steps, "Sentences after the seed")->check(CLI::Range(1, 1000))->capture_default_str();
  cmd->add_option("--lambda", a.lambda, "Eq. 4 weight (default 0.5)");
  cmd->add_option("--guidance-scale", a.guidance_scale, "1 + lambda (the paper's gamma = 1.5)");
  cmd->add_option("--model", a.model, "GGUF instruct model")->capture_default_str();
  cmd->add_option("--parallel", a.parallel, "Lists in flight (up to 2N sequences in one llama_decode)")
      ->check(CLI::Range(1, 127))->capture_default_str();
  cmd->add_option("--threads", a.threads, "CPU threads (0 = all)");
  cmd->add_option("--max-new-tokens", a.max_new_tokens, "Cap per sentence (reached = truncated, rejected)")
      ->check(CLI::Range(1, 4096))->capture_default_str();
  cmd->add_option("--max-seed-tokens", a.max_seed_tokens, "Longer seeds are skipped with a reason")
      ->check(CLI::Range(1, 4096))->capture_default_str();
  cmd->add_option("--limit", a.limit, "Only the first K seeds");
  cmd->add_option("--prompt", a.prompt, "Prompt template file ([system]/[user], {sentence}); default: prompts/<strategy>.txt");
  cmd->add_flag("--all-in-user", a.all_in_user, "Put the instruction in the user turn too (the authors' layout)");
  cmd->add_flag("--plain-prompt", a.plain_prompt, "Allow a model without a chat template (plain 'role: content' prompts)");
  cmd->add_option("--field", a.field, "JSONL seeds: the field holding the text")->capture_default_str();
  cmd->add_option("--lists", a.lists, "shuffle: the lists file to permute");
  cmd->add_option("--shuffle-seed", a.shuffle_seed, "shuffle: random seed")->capture_default_str();
  cmd->add_flag("--allow-consecutive-duplicates", a.allow_consecutive_duplicates,
                "Keep lists with two equal consecutive sentences (our addition to the authors' filters)");
  cmd->add_flag("--no-prefix-sharing", a.no_prefix_sharing, "Evaluate the shared prompt prefix in every context (for comparison)");
  cmd->add_flag("--no-c2-reuse", a.no_c2_reuse, "Prefill c2 afresh for every sentence (for comparison)");
  cmd->add_flag("--unified-kv", a.unified_kv, "One KV buffer for all sequences (results then depend on the batch)");
  cmd->add_option("--stats", a.stats, "Write run statistics (tokens, prompt tokens, seconds) as JSON");
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
  cmd->callback([] { run(a); });
}

}  // namespace ranksent::cli
