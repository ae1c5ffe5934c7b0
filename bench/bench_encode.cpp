// Encoding throughput of the LibTorch encoder on a file of sentences:
// prints one JSON line {"sentences", "tokens", "seconds", "per_second"} for the best of
// --repeat runs (model loading excluded). bench/encode_vs_sentence_transformers.sh
// compares it with sentence-transformers in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "ranksent/encode/encoder.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"

int main(int argc, char** argv) {
  std::string model = ranksent::default_encoder().path.string(), input, device = "cpu", dtype = "float32";
  long batch = 64, max_length = 256, threads = 2, repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--model")
      model = v;
    else if (k == "--input")
      input = v;
    else if (k == "--batch-size")
      batch = std::stol(v);
    else if (k == "--max-length")
      max_length = std::stol(v);
    else if (k == "--threads")
      threads = std::stol(v);
    else if (k == "--repeat")
      repeat = std::stol(v);
    else if (k == "--device")
      device = v;
    else if (k == "--dtype")
      dtype = v;
  }
  if (input.empty()) {
    std::fprintf(stderr,
                 "usage: bench_encode --input FILE [--model DIR|TIER] [--batch-size 64] [--max-length 256] [--threads "
                 "2] [--repeat 3] [--device cpu] [--dtype float32]\n");
    return 2;
  }
  ranksent::set_torch_threads(int(threads));
  auto sentences = ranksent::read_sentences(input);
  auto encoder = ranksent::Encoder::load(ranksent::resolve_encoder(model));
  encoder.place(device, dtype);
  ranksent::EncodeOptions opt;
  opt.batch_size = batch;
  opt.max_length = std::size_t(max_length);
  double best = 1e30;
  for (long r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    auto e = encoder.encode(sentences, opt);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  // Real tokens after truncation: what bench/floor.sh divides the FLOPs over.
  const std::size_t limit = opt.max_length ? opt.max_length : encoder.default_max_length();
  std::size_t tokens = 0;
  for (const auto& s : sentences) tokens += std::min(encoder.tokenizer().encode(s).size(), limit);
  std::printf("{\"sentences\": %zu, \"tokens\": %zu, \"seconds\": %.4f, \"per_second\": %.1f}\n", sentences.size(),
              tokens, best, double(sentences.size()) / best);
  return 0;
}
