#include "support/environment.h"

#include "ranksent/common/process_status.h"

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "ranksent/models.h"

namespace ranksent::test {

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return (v && *v) ? std::string(v) : std::string(fallback);
}
}  // namespace

std::filesystem::path data_dir() { return env_or("RANKSENT_TEST_DATA", RANKSENT_TEST_DATA); }
std::filesystem::path source_dir() { return RANKSENT_SOURCE_DIR; }
std::filesystem::path cli_path() { return RANKSENT_CLI_PATH; }
std::string python() { return env_or("RANKSENT_TEST_PYTHON", RANKSENT_TEST_PYTHON); }

std::filesystem::path mpnet_dir() {
  for (const auto& m : encoder_tiers())
    if (m.tier == "all-mpnet-base-v2") return m.path;
  throw std::logic_error("no all-mpnet-base-v2 tier in encoder_tiers()");
}

std::filesystem::path scratch_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string leaf = name;
  if (info) leaf = std::string(info->test_suite_name()) + "." + info->name() + "." + name;
  auto dir = std::filesystem::temp_directory_path() / "ranksent-tests" / leaf;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_command(const std::string& command_line) {
  CommandResult result;
  std::string full = command_line + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // The shell reports a child's death by signal N as 128 + N: say which, so a
  // failing test shows "killed by signal 4 (SIGILL, ...)" beside its output.
  if (result.exit_code > 128 && result.exit_code < 128 + 65)
    result.output += "\n[test] the command was killed by signal " + std::to_string(result.exit_code - 128) + " (" +
                     signal_description(result.exit_code - 128) + ")\n";
  return result;
}

CommandResult run_python(const std::string& script, const std::string& args) {
  auto path = source_dir() / "tests" / "reference" / script;
  return run_command("'" + python() + "' '" + path.string() + "' " + args);
}

}  // namespace ranksent::test
