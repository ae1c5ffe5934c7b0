// `ranksent complete`: one greedy chat completion with the LLM, through the
// model's chat template. A quick check that a GGUF model loads and speaks.
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/generate/llm.h"
#include "ranksent/models.h"

namespace ranksent::cli {

void add_complete_command(CLI::App& app) {
  struct Args {
    std::string model = default_llm().tier;
    std::string prompt = "Rewrite this sentence with different words: A man is playing a guitar.";
    std::string system;
    int max_new_tokens = 32;
    int threads = 0;
    int gpu_layers = 0;
  };
  static Args args;
  auto* cmd = app.add_subcommand("complete", "Greedy chat completion of one prompt with a GGUF model");
  cmd->add_option("--model", args.model, "GGUF model: a path or an installed tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--prompt", args.prompt, "User message")->capture_default_str();
  cmd->add_option("--system", args.system, "System message");
  cmd->add_option("--max-new-tokens", args.max_new_tokens)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--threads", args.threads, "CPU threads (0 = all)");
  cmd->add_option("--gpu-layers", args.gpu_layers, "Layers offloaded to the GPU (-1 = all; needs a GPU build)")
      ->check(CLI::Range(-1, 100000));
  cmd->callback([] {
    LlmOptions opt;
    opt.threads = args.threads;
    opt.gpu_layers = args.gpu_layers;
    auto model = LlmModel::load(resolve_llm(args.model), opt);
    LlmContext ctx(model, opt);
    std::vector<ChatMessage> messages;
    if (!args.system.empty()) messages.push_back({"system", args.system});
    messages.push_back({"user", args.prompt});
    auto prompt = model->tokenize(model->apply_chat_template(messages, true), true, true);
    auto out = greedy_generate(ctx, prompt, args.max_new_tokens);
    fmt::print("{}\n", model->detokenize(out));
  });
}

}  // namespace ranksent::cli
