// Where the encoder runs (--device, --dtype): on this CPU build the CPU
// placement changes nothing, bfloat16 stays close to float32, and a device
// the build or machine lacks is a usage error (exit 2) before any output.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <torch/torch.h>

#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {
const std::vector<std::string> kSentences = {"A man is playing a guitar.", "Two dogs run through the snow.",
                                             "A woman slices an onion in the kitchen.", "Children play football."};

double cosine(const float* a, const float* b, std::int64_t d) {
  double ab = 0, aa = 0, bb = 0;
  for (std::int64_t i = 0; i < d; ++i) ab += double(a[i]) * b[i], aa += double(a[i]) * a[i], bb += double(b[i]) * b[i];
  return ab / std::sqrt(aa * bb);
}
}  // namespace

TEST(Device, CpuPlacementChangesNothingAndBfloat16StaysClose) {
  auto encoder = Encoder::load(default_encoder().path);
  const auto before = encoder.encode(kSentences);
  encoder.place("cpu");
  EXPECT_EQ(encoder.device(), "cpu");
  EXPECT_EQ(encoder.encode(kSentences), before);  // bit-identical
  encoder.place("cpu", "bfloat16");
  const auto half = encoder.encode(kSentences);
  ASSERT_EQ(half.size(), before.size());
  EXPECT_NE(half, before);
  const auto d = encoder.dim();
  for (std::size_t r = 0; r < kSentences.size(); ++r)
    EXPECT_GT(cosine(&half[r * std::size_t(d)], &before[r * std::size_t(d)], d), 0.99) << kSentences[r];
}

TEST(Device, UnknownOrAbsentDevicesAreUsageErrors) {
  auto encoder = Encoder::load(default_encoder().path);
  EXPECT_THROW(encoder.place("gpu"), UsageError);
  EXPECT_THROW(encoder.place("cuda:x"), UsageError);
  EXPECT_THROW(encoder.place("cpu", "float8"), UsageError);
  if (at::hasCUDA()) GTEST_SKIP() << "this LibTorch has CUDA: the no-CUDA error cannot be shown here";
  try {
    encoder.place("cuda");
    FAIL() << "cuda accepted without a CUDA device";
  } catch (const UsageError& e) {
    // A CPU LibTorch says so; a CUDA LibTorch on this machine (no GPU) says that there is no device.
    const bool cuda_build = at::detail::getCUDAHooks().isBuilt();
    EXPECT_NE(std::string(e.what()).find(cuda_build ? "no CUDA device" : "CPU build"), std::string::npos) << e.what();
  }
  // Through the program: exit 2, no output file.
  auto dir = test::scratch_dir("device");
  std::ofstream(dir / "in.txt") << "A dog runs.\n";
  for (const std::string& cmd : {"encode --input '" + (dir / "in.txt").string() + "' --output '" +
                                     (dir / "e.npy").string() + "' --device cuda:0",
                                 "encode --input '" + (dir / "in.txt").string() + "' --output '" +
                                     (dir / "e.npy").string() + "' --dtype float8"}) {
    const auto r = test::run_command("'" + test::cli_path().string() + "' " + cmd + " 2>&1");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_FALSE(fs::exists(dir / "e.npy"));
  }
}

// --dtype auto: bfloat16 exactly where /proc/cpuinfo lists AMX-BF16 or
// AVX512-BF16 (read here with a plain whole-word search of the flags line),
// float32 on CUDA and elsewhere; a named dtype passes through unchanged.
TEST(Device, AutoDtypeFollowsTheCpuFlags) {
  std::ifstream in("/proc/cpuinfo");
  std::string line, flags;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0) {
      flags = " " + line.substr(line.find(':') + 1) + " ";
      break;
    }
  const bool bf16 = flags.find(" amx_bf16 ") != std::string::npos || flags.find(" avx512_bf16 ") != std::string::npos;
  EXPECT_EQ(resolve_dtype("auto", "cpu"), bf16 ? "bfloat16" : "float32") << flags;
  EXPECT_EQ(resolve_dtype("auto", "cuda"), "float32");
  for (const std::string name : {"float32", "bfloat16", "float16"}) EXPECT_EQ(resolve_dtype(name, "cpu"), name);
  auto encoder = Encoder::load(default_encoder().path);
  encoder.place("cpu", "auto");
  const auto placed = encoder.encode(kSentences);
  encoder.place("cpu", resolve_dtype("auto", "cpu"));
  EXPECT_EQ(encoder.encode(kSentences), placed);  // auto is that dtype, bit for bit
}
