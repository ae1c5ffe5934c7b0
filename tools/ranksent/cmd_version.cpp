// `ranksent version`: the program, the engines it was built with, and the CPU
// features their kernels use here (llama.cpp's system info line, LibTorch's
// CPU capability), so a crash report or a figure names what actually ran.
#include <fstream>
#include <string>

#include <fmt/core.h>

#include "build_info.h"
#include "commands.h"
#include "ranksent/generate/llm.h"
#include "ranksent/tensor/torch_info.h"

namespace ranksent::cli {

namespace {
// The "model name" of /proc/cpuinfo, and whether the kernel reports AMX tiles.
std::string cpu_line() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, model = "unknown", flags;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    if (key == "model name" && model == "unknown") model = line.substr(line.find_first_not_of(" ", colon + 1));
    if (key == "flags" && flags.empty()) flags = " " + line.substr(colon + 1) + " ";
    if (model != "unknown" && !flags.empty()) break;
  }
  return fmt::format("{} (AMX tiles: {})", model, flags.find(" amx_tile ") != std::string::npos ? "yes" : "no");
}
}  // namespace

void add_version_command(CLI::App& app) {
  app.add_subcommand("version", "Print the versions of ranksent, LibTorch and llama.cpp, and their CPU features")
      ->callback([] {
        fmt::print("ranksent " RANKSENT_VERSION "\n");
        fmt::print("LibTorch {} (CUDA {}), CPU capability {}\n", libtorch_version(),
                   cuda_available() ? "available" : "not available", libtorch_cpu_capability());
        fmt::print("llama.cpp {}, system info: {}\n", RANKSENT_LLAMA_COMMIT, llama_system_info());
        fmt::print("CPU: {}\n", cpu_line());
      });
}

}  // namespace ranksent::cli
