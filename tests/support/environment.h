// Where the tests find their real inputs: the shared data, the default
// models and the MPNet tier in the cache, the reference Python, the CLI, a scratch directory.
#pragma once
#include <filesystem>
#include <string>

namespace ranksent::test {

std::filesystem::path data_dir();    // ../shared/data (RANKSENT_TEST_DATA overrides)
std::filesystem::path source_dir();  // the checkout
std::filesystem::path cli_path();    // the built `ranksent` program
std::string python();                // venv python with the reference packages
std::filesystem::path mpnet_dir();   // the all-mpnet-base-v2 encoder tier (scripts/install_encoder.sh)
std::filesystem::path scratch_dir(const std::string& name);  // fresh, empty, per test
std::string slurp(const std::filesystem::path& file);        // the whole file ("" when absent)

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs a shell command line and captures its output.
CommandResult run_command(const std::string& command_line);
// Runs the reference script tests/reference/<script> with arguments.
CommandResult run_python(const std::string& script, const std::string& args);

}  // namespace ranksent::test
