// `ranksent version`: the program, the engines it was built with, and the CPU
// features their kernels use here (llama.cpp's system info line, LibTorch's
// CPU capability), so a crash report or a figure names what actually ran.
#include <string>

#include <fmt/core.h>

#include "build_info.h"
#include "commands.h"
#include "ranksent/common/cpu_features.h"
#include "ranksent/generate/llm.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

namespace {
// The CPU's name, and whether the kernel reports AMX tiles.
std::string cpu_line() {
  return fmt::format("{} (AMX tiles: {})", cpu_model_name(), cpu_has_flag("amx_tile") ? "yes" : "no");
}
}  // namespace

void add_version_command(CLI::App& app) {
  app.add_subcommand("version", "Print the versions of ranksent, LibTorch and llama.cpp, and their CPU features")
      ->callback([] {
        fmt::print("ranksent " RANKSENT_VERSION "\n");
        fmt::print("LibTorch {} (CUDA {}), CPU capability {}\n", libtorch_version(),
                   cuda_available() ? "available" : "not available", libtorch_cpu_capability());
        const std::string info = llama_system_info();
        fmt::print("llama.cpp {}, system info: {}\n", RANKSENT_LLAMA_COMMIT, info);
        fmt::print("llama.cpp kernel set: {}\n", llama_kernel_set(info));
        fmt::print("CPU: {}\n", cpu_line());
      });
}

}  // namespace ranksent::cli
