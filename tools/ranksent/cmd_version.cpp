// `ranksent version`: the program and the engines it was built with.
#include <fmt/core.h>

#include "build_info.h"
#include "commands.h"
#include "ranksent/generate/llm.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

void add_version_command(CLI::App& app) {
  app.add_subcommand("version", "Print the versions of ranksent, LibTorch and llama.cpp")->callback([] {
    fmt::print("ranksent " RANKSENT_VERSION "\nLibTorch {} (CUDA {})\nllama.cpp {}\n", libtorch_version(),
               cuda_available() ? "available" : "not available", RANKSENT_LLAMA_COMMIT);
  });
}

}  // namespace ranksent::cli
