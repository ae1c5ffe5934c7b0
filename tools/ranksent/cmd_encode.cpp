// `ranksent encode`: sentence embeddings of a file with an encoder, written
// as .npy or .safetensors.
#include <chrono>
#include <filesystem>

#include <fmt/core.h>

#include "commands.h"
#include "encoder_args.h"
#include "option_flags.h"
#include "ranksent/common/phase_profile.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/npy.h"
#include "ranksent/io/safetensors.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

void add_encode_command(CLI::App& app) {
  struct Args {
    std::string model = default_encoder().path.string();
    std::string input, output, pooling, field = "sentence";
    std::int64_t batch_size = 64;
    std::size_t max_length = 0;
    std::string device = "cpu", dtype = "auto";
    int threads = 0;
    bool normalize = false, replace_invalid = false, profile = false;
  };
  static Args a;
  auto* cmd = app.add_subcommand("encode", "Embed sentences with a Hugging Face BERT/RoBERTa/MPNet encoder");
  cmd->add_option("--model", a.model, "Model directory (Hugging Face layout) or an encoder tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--input", a.input, "Sentences: .txt (one a line) or .jsonl")->required();
  cmd->add_option("--output", a.output, "Embeddings: .npy or .safetensors (tensor 'embeddings')")->required();
  cmd->add_option("--field", a.field, "JSONL field holding the sentence")->capture_default_str();
  cmd->add_option("--pooling", a.pooling, "cls | cls_before_pooler | mean (default: the model's)")
      ->check(CLI::IsMember(option_names<Pooling>()));
  cmd->add_flag("--normalize", a.normalize, "L2-normalise the embeddings (default: as modules.json says)");
  cmd->add_option("--batch-size", a.batch_size)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--max-length", a.max_length, "Token limit (default: the model's)");
  cmd->add_option("--threads", a.threads, "CPU threads (0 = LibTorch's default)");
  cmd->add_option("--device", a.device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_option("--dtype", a.dtype, kDtypeHelp)->capture_default_str();
  cmd->add_flag("--replace-invalid-utf8", a.replace_invalid, "Replace invalid UTF-8 bytes instead of failing");
  cmd->add_flag("--profile", a.profile,
                "Print where the time went, phase by phase (load, tokenize, each kind of encoder work, write)");
  cmd->callback([] {
    const std::filesystem::path out = a.output;
    const auto ext = out.extension().string();
    if (ext != ".npy" && ext != ".safetensors") throw InputError(a.output, "output must end in .npy or .safetensors");
    if (std::filesystem::exists(out) && std::filesystem::equivalent(out, a.input))
      throw UsageError("--output " + a.output + " is the input file; write the embeddings elsewhere");
    check_writable(out);
    set_torch_threads(a.threads);
    const auto start = std::chrono::steady_clock::now();
    phase_profile::enable(a.profile);
    ScopedPhase reading("read input");
    auto sentences = read_sentences(a.input, {.field = a.field, .replace_invalid_utf8 = a.replace_invalid});
    reading.stop();
    // A 0-row matrix is a valid file but never what was meant: an empty input
    // is a mistake to report. (A blank line is a sentence: rows match lines.)
    if (sentences.empty()) throw InputError(a.input, "no sentences to embed (the file is empty)");
    const auto encoder = in_phase("load model", [&] { return placed_encoder(a.model, a.device, a.dtype); });
    EncodeOptions opt = encode_options(a.batch_size, a.max_length, a.pooling);
    if (a.normalize) opt.normalize = true;
    opt.show_progress = true;
    auto e = encoder.encode(sentences, opt);
    const auto rows = std::int64_t(sentences.size()), cols = encoder.dim();
    ScopedPhase writing("write output");
    if (ext == ".npy") {
      write_npy(out, e, rows, cols);
    } else {
      write_safetensors(
          out, {{"embeddings", DType::F32, {rows, cols}, std::as_bytes(std::span<const float>(e))}},
          {{"model", a.model}, {"pooling", pooling_name(opt.pooling.value_or(encoder.default_pooling()))}});
    }
    writing.stop();
    fmt::print(stderr, "wrote {} embeddings of dimension {} to {}\n", rows, cols, a.output);
    if (a.profile)
      fmt::print(
          stderr, "\nwhere the time went ({} threads):\n{}", torch_threads(),
          phase_profile::markdown(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
  });
}

}  // namespace ranksent::cli
