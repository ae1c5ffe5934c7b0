// Linked into every test program: before any test runs, checks what the
// program declared it needs (ranksent_test_needs, generated per test from
// tests/CMakeLists.txt) and skips all its tests, saying what is missing and
// how to get it, when something is absent.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "ranksent/models.h"
#include "support/environment.h"

extern const char* const ranksent_test_needs;

namespace {

class Requirements : public ::testing::Environment {
 public:
  void SetUp() override {
    const std::string needs = ranksent_test_needs;
    auto need = [&](const char* what) {
      return ("," + needs + ",").find(std::string(",") + what + ",") != std::string::npos;
    };
    namespace fs = std::filesystem;
    using namespace ranksent;
    if (need("data") && !fs::is_directory(test::data_dir() / "STSBenchmark"))
      GTEST_SKIP() << "skipped: needs the shared data at " << test::data_dir() << " (RANKSENT_TEST_DATA)";
    if (need("llm") && !fs::exists(default_llm().path))
      GTEST_SKIP() << "skipped: needs the default LLM at " << default_llm().path << ": run scripts/bootstrap.sh";
    if (need("encoder") && !fs::exists(default_encoder().path / "model.safetensors"))
      GTEST_SKIP() << "skipped: needs the default encoder at " << default_encoder().path
                   << ": run scripts/bootstrap.sh";
    if (need("mpnet") && !fs::exists(test::mpnet_dir() / "model.safetensors"))
      GTEST_SKIP() << "skipped: needs the all-mpnet-base-v2 encoder tier at " << test::mpnet_dir()
                   << ": run scripts/install_encoder.sh all-mpnet-base-v2";
    if (need("python") &&
        test::run_command("'" + test::python() +
                          "' -c 'import importlib.util as u, sys; "
                          "sys.exit(not all(u.find_spec(m) for m in (\"transformers\", \"scipy\", \"sklearn\")))'")
                .exit_code != 0)
      GTEST_SKIP() << "skipped: needs the reference Python packages in " << test::python()
                   << ": run scripts/bootstrap.sh --test";
  }
};

const auto* registered = ::testing::AddGlobalTestEnvironment(new Requirements);

}  // namespace
