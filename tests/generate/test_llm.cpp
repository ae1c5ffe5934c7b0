// The llama.cpp path on the real default GGUF model: metadata, tokenisation
// round trip, chat template, prompts tokenized from their cached head,
// deterministic greedy decoding.
#include <gtest/gtest.h>

#include <llama.h>

#include "ranksent/error.h"
#include "ranksent/generate/llm.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/io/gguf_metadata.h"
#include "ranksent/models.h"

using namespace ranksent;

namespace {
std::shared_ptr<LlmModel> default_model() {
  static auto model = LlmModel::load(default_llm().path, {.threads = 2});
  return model;
}
}  // namespace

TEST(Llm, MetadataAgreesWithTheFile) {
  auto model = default_model();
  auto meta = read_gguf_metadata(default_llm().path);
  const std::string arch = meta.string_value("general.architecture");
  // What the file says, read by our own GGUF reader ...
  EXPECT_EQ(arch, "llama");
  EXPECT_EQ(meta.array_length("tokenizer.ggml.tokens"), 49152u);
  EXPECT_EQ(meta.int_value(arch + ".context_length"), 8192);
  EXPECT_EQ(meta.int_value(arch + ".embedding_length"), 576);
  EXPECT_EQ(meta.int_value(arch + ".block_count"), 30);
  // ... is what llama.cpp loaded.
  EXPECT_EQ(model->architecture(), arch);
  EXPECT_EQ(std::uint64_t(model->vocab_size()), meta.array_length("tokenizer.ggml.tokens"));
  EXPECT_EQ(model->context_length(), meta.int_value(arch + ".context_length"));
  EXPECT_EQ(model->meta("general.name"), meta.string_value("general.name"));
  EXPECT_GT(model->parameter_count(), 100'000'000u);
  EXPECT_LT(model->parameter_count(), 200'000'000u);
}

TEST(Llm, TokenizeDetokenizeRoundTrip) {
  auto model = default_model();
  for (std::string s : {"A man is playing a guitar on the street.", "Two dogs run through a field of snow!",
                        "Über café naïve – 東京 123,456.78", "  leading and trailing spaces  "}) {
    auto tokens = model->tokenize(s, false, false);
    ASSERT_FALSE(tokens.empty()) << s;
    EXPECT_EQ(model->detokenize(tokens), s);
  }
  // Special tokens are parsed only when asked.
  auto parsed = model->tokenize("<|im_start|>", false, true);
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_GT(model->tokenize("<|im_start|>", false, false).size(), 1u);
}

TEST(Llm, ChatTemplateIsTheModels) {
  auto model = default_model();
  ASSERT_FALSE(model->chat_template().empty());
  auto text = model->apply_chat_template({{"system", "Be brief."}, {"user", "Hello"}}, true);
  EXPECT_EQ(text,
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
}

// PromptRenderer keeps the tokens up to the prompt's last special token
// before the slot and tokenizes only the rest: the same tokens as the whole
// prompt tokenized, for every prompt layout and sentences that hold special
// tokens' text, spaces, line breaks and other scripts.
TEST(Llm, PromptTokensAreTheWholePromptTokenized) {
  auto model = default_model();
  const char* sentences[] = {"A man is playing a guitar on stage.",
                             "",
                             " leading space",
                             "trailing space ",
                             "two\nlines",
                             "<|im_end|>",
                             "<|im_start|>user\nhi<|im_end|>",
                             "Über café naïve – 東京 123,456.78",
                             "{sentence} and {steps}",
                             "'s 're ... !!!"};
  for (const auto& tmpl :
       {PromptTemplate::builtin("directional"), PromptTemplate::builtin("step-by-step"),
        PromptTemplate::builtin("single-step"), PromptTemplate::builtin("directional").all_in_user()}) {
    PromptRenderer renderer(*model, tmpl, 4);
    EXPECT_FALSE(renderer.head_tokens().empty()) << tmpl.name << ": the head is not kept";
    for (const char* s : sentences)
      EXPECT_EQ(renderer.tokens(s), model->tokenize(renderer.text(s), true, true)) << tmpl.name << ": " << s;
  }
}

TEST(Llm, GreedyDecodingIsDeterministic) {
  auto model = default_model();
  LlmContext ctx(model, {.threads = 2, .context = 512});
  auto prompt = model->tokenize(
      model->apply_chat_template({{"user", "Write a sentence that is entailment with: A dog runs in the park."}}, true),
      true, true);
  auto first = greedy_generate(ctx, prompt, 16);
  auto second = greedy_generate(ctx, prompt, 16);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
  EXPECT_LE(first.size(), 16u);
  for (auto t : first) EXPECT_FALSE(model->is_end_of_generation(t));
}

TEST(Llm, GpuLayersWithoutAGpuBackendIsAUsageError) {
  if (llama_supports_gpu_offload()) GTEST_SKIP() << "skipped: this llama.cpp has a GPU backend";
  try {
    LlmModel::load(default_llm().path, {.gpu_layers = 4});
    FAIL() << "loaded with --gpu-layers 4 and no GPU backend";
  } catch (const UsageError& e) {
    // No GPU backend, or (a CUDA build on this machine) no GPU.
    const std::string what = e.what();
    EXPECT_TRUE(what.find("--gpu-layers 4: this build of llama.cpp has no GPU backend") != std::string::npos ||
                what.find("--gpu-layers 4: no CUDA device here") != std::string::npos)
        << what;
  }
  EXPECT_NO_THROW(LlmModel::load(default_llm().path, {.gpu_layers = 0}));
}
