// What batching can give at most on this machine: one llama_decode step of
// the default LLM with one new token in each of N sequences (split KV
// streams, a 60-token prompt already cached in each, as in `ranksent
// generate`), for N = 1..32. The tokens/s counter against N = 1 is the
// ceiling of the engine's --parallel gain: the engine adds only bookkeeping
// and the Eq. 4 scores around these calls.
//   bench_llama_batch [--benchmark_filter=...]   (RANKSENT_LLM=GGUF for another model)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>

#include <llama.h>

#include "ranksent/generate/llm.h"
#include "ranksent/models.h"

namespace {

constexpr int kSequences = 32, kPrompt = 60;

struct Fixture {
  llama_model* model = nullptr;
  llama_context* ctx = nullptr;
  llama_batch batch{};

  explicit Fixture(int threads) {
    ranksent::init_llama_backend();
    const char* env = std::getenv("RANKSENT_LLM");
    const std::string path = env ? env : ranksent::default_llm().path.string();
    model = llama_model_load_from_file(path.c_str(), llama_model_default_params());
    if (!model) throw std::runtime_error("cannot load " + path);
    auto p = llama_context_default_params();
    p.n_seq_max = kSequences;
    p.kv_unified = false;
    p.n_ctx = 256 * kSequences;
    p.n_batch = 2048;
    p.n_ubatch = 512;
    p.n_threads = p.n_threads_batch = threads;
    p.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
    p.no_perf = true;
    ctx = llama_init_from_model(model, p);
    batch = llama_batch_init(2048, 0, 1);
    for (int s = 0; s < kSequences; ++s) {
      batch.n_tokens = 0;
      for (int i = 0; i < kPrompt; ++i) add(100 + i + s, i, s, i + 1 == kPrompt);
      if (llama_decode(ctx, batch) != 0) throw std::runtime_error("prefill failed");
    }
  }
  ~Fixture() {
    llama_batch_free(batch);
    llama_free(ctx);
    llama_model_free(model);
  }
  void add(llama_token t, llama_pos pos, llama_seq_id seq, bool logits) {
    const int r = batch.n_tokens++;
    batch.token[r] = t;
    batch.pos[r] = pos;
    batch.n_seq_id[r] = 1;
    batch.seq_id[r][0] = seq;
    batch.logits[r] = logits;
  }
};

void BM_DecodeStep(benchmark::State& state) {
  const int n = int(state.range(0)), threads = int(state.range(1));
  static std::map<int, std::unique_ptr<Fixture>> fixtures;  // one loaded context per thread count
  auto& f = fixtures[threads];
  if (!f) f = std::make_unique<Fixture>(threads);
  llama_pos pos = kPrompt;
  for (auto _ : state) {
    f->batch.n_tokens = 0;
    for (int s = 0; s < n; ++s) f->add(500 + pos % 100, pos, s, true);
    if (llama_decode(f->ctx, f->batch) != 0) state.SkipWithError("llama_decode failed");
    if (++pos >= kPrompt + 128) {  // keep the cached length steady
      for (int s = 0; s < kSequences; ++s) llama_memory_seq_rm(llama_get_memory(f->ctx), s, kPrompt, -1);
      pos = kPrompt;
    }
  }
  for (int s = 0; s < kSequences; ++s) llama_memory_seq_rm(llama_get_memory(f->ctx), s, kPrompt, -1);
  state.counters["tokens/s"] = benchmark::Counter(double(state.iterations()) * n, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_DecodeStep)
    ->ArgNames({"sequences", "threads"})
    ->ArgsProduct({{1, 2, 4, 8, 16, 32}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
