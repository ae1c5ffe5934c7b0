#include "ranksent/generate/generate_run.h"

#include <chrono>

#include <fmt/core.h>

#include "ranksent/common/progress.h"
#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/generate/llm_strategy.h"
#include "ranksent/generate/shuffle.h"

namespace ranksent {

namespace {

// Items go to the strategy this many at a time: a run over millions of seeds
// holds one chunk, not the file (docs/robustness.md, "Streaming").
constexpr std::size_t kChunk = 4096;

ItemReader open_items(const GenerateRun& run) {
  if (run.options.strategy == Strategy::shuffle) {
    if (run.lists.empty()) throw UsageError("--strategy shuffle permutes an existing lists file: give --lists FILE");
    return ItemReader::lists(run.lists);
  }
  if (run.seeds.empty()) throw UsageError("give a seeds file with --seeds (text, one a line, or JSONL)");
  return ItemReader::seeds(run.seeds, run.field);
}

// The items of this run in file order (the first --limit, then those of
// --shard), streamed; `each` returns false to stop. With `whole_file` every
// line is read and checked, past --limit too, and the count of all items is
// returned.
std::size_t for_each_item(const GenerateRun& run, bool whole_file, const std::function<bool(SeedItem&)>& each) {
  auto reader = open_items(run);
  std::size_t n = 0;
  bool going = true;
  for (SeedItem item; reader.next(item);) {
    ++n;
    if (!going || (run.limit >= 0 && n > std::size_t(run.limit))) {
      if (!whole_file) break;
      continue;
    }
    if (run.shard.count > 1 && shard_of(item.id, run.shard.count) != run.shard.index) continue;
    going = each(item);
  }
  return n;
}

std::unique_ptr<RankingStrategy> make_strategy(const GenerateRun& run, std::function<void()> on_sentence) {
  GenerateOptions o = run.options;
  o.on_sentence = std::move(on_sentence);
  if (o.strategy == Strategy::shuffle) return make_shuffle_strategy(o);
  check_generative_model(run.model, run.plain_prompt);
  o.model_name = run.model.filename().string();
  o.model_sha256 = sha256_file(run.model).substr(0, 16);
  LlmOptions lo;
  lo.threads = o.threads;
  lo.gpu_layers = o.gpu_layers;
  return make_llm_strategy(LlmModel::load(run.model, lo), o);
}

}  // namespace

GenerateSummary generate_lists(const GenerateRun& run, const std::atomic<bool>* stop) {
  // Every item checked before the model loads and the output is touched.
  std::size_t total = 0;
  const std::size_t in_file = for_each_item(run, true, [&](SeedItem&) { return ++total, true; });
  if (in_file == 0)
    throw InputError((run.options.strategy == Strategy::shuffle ? run.lists : run.seeds).string(),
                     run.options.strategy == Strategy::shuffle ? "no lists to shuffle (the file is empty)"
                                                               : "no seeds (the file is empty)");
  // Lists finish at once at the end of a batch: a pulse per decoded sentence
  // shows the work in between.
  Progress* shown = nullptr;
  std::size_t decoded = 0;
  const auto t_start = std::chrono::steady_clock::now();
  auto strategy = make_strategy(run, [&] {
    ++decoded;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    if (shown) shown->note(fmt::format("{} sentences decoded, {:.2f}/s", decoded, double(decoded) / s));
  });

  GenerateSummary sum;
  sum.total = total;
  auto count = [&sum](const RankingList& r) {
    ++sum.lists;
    if (r.rejected) {
      ++sum.rejected;
      ++sum.rejected_by_rule[rule_of(*r.rejected)];
    }
    sum.sentences += r.sentences.size() - 1;
    sum.redecodes += r.redecodes;
  };
  ListsFile out(run.output, strategy->record_template(), count);
  sum.torn_bytes = out.torn_bytes();
  for_each_item(run, false, [&](SeedItem& item) { return sum.existing += out.done(item.id), true; });
  if (run.on_start) run.on_start(sum);

  std::int64_t tokens = 0;
  std::size_t new_sentences = 0;
  const auto t0 = std::chrono::steady_clock::now();
  {
    Progress progress("generate " + strategy_name(run.options.strategy), sum.total, "lists", run.progress);
    progress.resume_at(sum.existing);
    shown = &progress;
    auto done = [&](RankingList&& r) {
      out.append(r);
      if (run.on_list) run.on_list(r);
      ++sum.written;
      count(r);
      new_sentences += r.sentences.size() - 1;
      tokens += r.generated_tokens;
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      progress.advance(1, fmt::format("{:.2f} sentences/s, {:.1f} tokens/s, {} rejected", double(new_sentences) / s,
                                      double(tokens) / s, sum.rejected));
    };
    std::vector<SeedItem> chunk;
    auto run_chunk = [&] {
      strategy->generate(chunk, done, stop);
      chunk.clear();
      return !(stop && stop->load());
    };
    for_each_item(run, false, [&](SeedItem& item) {
      if (out.done(item.id)) return true;
      chunk.push_back(std::move(item));
      return chunk.size() < kChunk || run_chunk();
    });
    if (!chunk.empty() && !(stop && stop->load())) run_chunk();
    shown = nullptr;
  }
  out.flush();  // every list written is on disk before the run reports
  sum.kept = sum.lists - sum.rejected;
  sum.interrupted = stop && stop->load();
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sum.engine = strategy->stats();
  return sum;
}

nlohmann::json GenerateSummary::to_json(const GenerateRun& run, const nlohmann::json* previous) const {
  const auto& o = run.options;
  nlohmann::json j = {{"output", run.output.string()},
                      {"strategy", strategy_name(o.strategy)},
                      {"shard", shard_name(run.shard)},
                      {"escape", escape_name(o.decoding.escape.mode)},
                      {"max_redecodes", o.decoding.escape.max_redecodes},
                      {"temperature", o.decoding.escape.temperature},
                      {"avoid_penalty", o.decoding.escape.penalty},
                      {"hygiene", o.hygiene.enabled},
                      {"parallel", o.decoding.parallel},
                      {"lists", lists},
                      {"written", written},
                      {"existing", existing},
                      {"kept", kept},
                      {"rejected", rejected},
                      {"rejected_by_rule", rejected_by_rule},
                      {"redecodes", redecodes},
                      {"redecodes_by_rule", engine.redecodes_by_rule},
                      {"sentences", sentences},
                      {"seconds", seconds},
                      {"generated_tokens", engine.generated_tokens},
                      {"prompt_tokens", engine.prompt_tokens},
                      {"naive_prompt_tokens", engine.naive_prompt_tokens},
                      {"evaluated_tokens", engine.evaluated_tokens},
                      {"decode_calls", engine.decode_calls},
                      {"ubatches", engine.ubatches},
                      {"two_context_steps", engine.two_context_steps},
                      {"engine_seconds", engine.seconds},
                      {"decode_seconds", engine.decode_seconds},
                      {"phase_seconds", engine.phases.named()},
                      {"runs", 1},
                      {"interrupted", interrupted}};
  // Only a file this output's earlier runs wrote is added to.
  if (previous && previous->is_object() && previous->value("output", std::string()) == run.output.string() &&
      previous->value("strategy", std::string()) == j["strategy"].get<std::string>()) {
    for (const char* key :
         {"written", "seconds", "generated_tokens", "two_context_steps", "prompt_tokens", "naive_prompt_tokens",
          "evaluated_tokens", "decode_calls", "ubatches", "engine_seconds", "decode_seconds", "runs"}) {
      const auto it = previous->find(key);
      if (it == previous->end() || !it->is_number()) continue;
      if (j[key].is_number_float() || it->is_number_float())
        j[key] = j[key].get<double>() + it->get<double>();
      else
        j[key] = j[key].get<std::int64_t>() + it->get<std::int64_t>();
    }
    if (const auto it = previous->find("redecodes_by_rule"); it != previous->end() && it->is_object())
      for (const auto& [rule, n] : it->items())
        if (n.is_number_integer()) j["redecodes_by_rule"][rule] = j["redecodes_by_rule"].value(rule, 0) + n.get<int>();
    if (const auto it = previous->find("phase_seconds"); it != previous->end() && it->is_object())
      for (const auto& [phase, t] : it->items())
        if (t.is_number()) j["phase_seconds"][phase] = j["phase_seconds"].value(phase, 0.0) + t.get<double>();
  }
  return j;
}

}  // namespace ranksent
