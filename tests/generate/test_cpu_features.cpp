// The CPU kernels this build uses are ones the running CPU executes: every
// feature llama.cpp reports in use (its system info line, as `ranksent
// version` prints it) is in /proc/cpuinfo's flags, and the AMX kernels are off
// unless the build asked for them (RANKSENT_LLAMA_AMX=1; docs/cpus.md).
// Then a short batched generation on every installed LLM tier, at the default
// thread count: the run that died with SIGILL/SIGSEGV on Xeons with AMX.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "ranksent/generate/llm.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

std::set<std::string> cpu_flags() {
  std::ifstream in("/proc/cpuinfo");
  std::set<std::string> flags;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    for (std::string w; words >> w;) flags.insert(w);
    break;
  }
  return flags;
}

// llama.cpp's feature names -> the kernel's /proc/cpuinfo flag.
const std::map<std::string, std::string> kFlagOf = {
    {"SSE3", "pni"},
    {"SSSE3", "ssse3"},
    {"AVX", "avx"},
    {"AVX2", "avx2"},
    {"AVX_VNNI", "avx_vnni"},
    {"F16C", "f16c"},
    {"FMA", "fma"},
    {"BMI2", "bmi2"},
    {"AVX512", "avx512f"},
    {"AVX512_VBMI", "avx512vbmi"},
    {"AVX512_VNNI", "avx512_vnni"},
    {"AVX512_BF16", "avx512_bf16"},
    {"AMX_INT8", "amx_int8"},
};

}  // namespace

TEST(CpuFeatures, LlamaKernelsUseOnlyWhatThisCpuHas) {
  const auto r = test::run_command(q(test::cli_path()) + " version");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::printf("%s", r.output.c_str());
  ASSERT_NE(r.output.find("CPU capability "), std::string::npos) << r.output;
  const auto info = r.output.find("system info: ");
  ASSERT_NE(info, std::string::npos) << r.output;
  const std::string line = r.output.substr(info, r.output.find('\n', info) - info);
  const auto flags = cpu_flags();
  ASSERT_FALSE(flags.empty()) << "no flags line in /proc/cpuinfo";
  static const std::regex feature(R"(([A-Z0-9_]+) = 1)");
  int checked = 0;
  for (std::sregex_iterator it(line.begin(), line.end(), feature), end; it != end; ++it) {
    const std::string name = (*it)[1];
    const auto flag = kFlagOf.find(name);
    if (flag == kFlagOf.end()) continue;  // not an instruction set (LLAMAFILE, OPENMP, REPACK, ...)
    ++checked;
    EXPECT_TRUE(flags.count(flag->second)) << "llama.cpp uses " << name << " but this CPU has no " << flag->second;
  }
  EXPECT_GE(checked, 1) << line;
  const char* amx = std::getenv("RANKSENT_LLAMA_AMX");
  if (!amx || std::string(amx) != "1") {
    EXPECT_EQ(line.find("AMX_INT8 = 1"), std::string::npos) << "AMX kernels are built in without RANKSENT_LLAMA_AMX=1";
  }
}

// The kernel set keys the token-for-token references: the CPU section's
// features that are on, in the line's order; another backend's section and
// features at 0 are not part of it.
TEST(CpuFeatures, KernelSetOfASystemInfoLine) {
  EXPECT_EQ(llama_kernel_set("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
                             "LLAMAFILE = 1 | REPACK = 1 | "),
            "SSE3 SSSE3 AVX AVX2 F16C FMA BMI2 LLAMAFILE REPACK");
  EXPECT_EQ(llama_kernel_set("CUDA : ARCHS = 900 | USE_GRAPHS = 1 | CPU : AVX = 1 | AVX2 = 1 | OPENMP = 0 | "
                             "AVX512 = 1 | "),
            "AVX AVX2 AVX512");
  EXPECT_EQ(llama_kernel_set("CPU : AVX2 = 1 | CUDA : ARCHS = 900 | PEER_MAX_BATCH_SIZE = 128 | "), "AVX2");
  EXPECT_EQ(llama_kernel_set(""), "");
  // This build's line has a set, and `ranksent version` prints it.
  const auto r = test::run_command(q(test::cli_path()) + " version");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("llama.cpp kernel set: " + llama_kernel_set(llama_system_info()) + "\n"), std::string::npos)
      << r.output;
}

TEST(CpuFeatures, BatchedGenerationOnEveryInstalledTier) {
  const auto dir = test::scratch_dir("cpu-features");
  std::ofstream(dir / "seeds.txt") << "A man is playing a guitar on stage.\nTwo dogs run through a field of snow.\n"
                                      "A woman is slicing tomatoes in a kitchen.\nChildren are playing soccer.\n";
  int ran = 0;
  for (const auto& m : llm_tiers()) {
    if (!fs::exists(m.path)) continue;
    ++ran;
    const auto out = dir / (m.tier + ".jsonl");
    // The default thread count and four lists decoded side by side.
    const auto r =
        test::run_command(q(test::cli_path()) + " generate --model " + m.tier + " --seeds " + q(dir / "seeds.txt") +
                          " --output " + q(out) + " --steps 2 --max-new-tokens 24 --parallel 4 --quiet");
    ASSERT_EQ(r.exit_code, 0) << m.tier << ":\n" << r.output;
    std::ifstream in(out);
    int lines = 0;
    for (std::string l; std::getline(in, l);) ++lines;
    EXPECT_EQ(lines, 4) << m.tier;
  }
  if (ran == 0) GTEST_SKIP() << "skipped: needs an LLM tier (scripts/bootstrap.sh)";
}
