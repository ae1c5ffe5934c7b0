// ranksent: ranking-sentence generation and post-training of sentence encoders.
// Exit status (ranksent/error.h): 0 success, 2 bad input or usage (the
// message names the file, line and field), 130 interrupted, 1 any other failure.
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>

#include <fmt/core.h>

#include "commands.h"
#include "option_flags.h"
#include "ranksent/common/crash_report.h"
#include "ranksent/error.h"

int main(int argc, char** argv) {
  // A write past a file-size limit fails with an error (and the half-written
  // temporary file is removed) instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  // A crash in a kernel (an instruction this CPU refuses) says so before it dies.
  ranksent::install_crash_report();
  CLI::App app{"ranksent: refine sentence embedding models with LLM-generated ranking sentences"};
  app.require_subcommand(1);
  ranksent::cli::add_models_command(app);
  ranksent::cli::add_complete_command(app);
  ranksent::cli::add_version_command(app);
  ranksent::cli::add_inspect_command(app);
  ranksent::cli::add_encode_command(app);
  ranksent::cli::add_tokenize_command(app);
  ranksent::cli::add_generate_command(app);
  ranksent::cli::add_train_command(app);
  ranksent::cli::add_eval_command(app);
  ranksent::cli::add_rerank_data_command(app);
  ranksent::cli::add_analyze_command(app);
  ranksent::cli::add_snli_lists_command(app);
  ranksent::cli::add_merge_lists_command(app);
  ranksent::cli::add_select_command(app);
  ranksent::cli::add_run_command(app);
  ranksent::cli::add_report_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const ranksent::InputError& e) {
    fmt::print(stderr, "ranksent: error: {}\n", e.what());
    return 2;
  } catch (const ranksent::OptionError& e) {
    // The library names the field; the user typed its flag.
    fmt::print(stderr, "ranksent: error: {} {}\n", ranksent::cli::flag_of(e.field()), e.reason());
    return 2;
  } catch (const ranksent::UsageError& e) {
    fmt::print(stderr, "ranksent: error: {}\n", e.what());
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    // A path the user gave that cannot be used is bad input; anything else
    // (a full disk, an I/O error) is a failure.
    const auto c = e.code();
    const bool user = c == std::errc::not_a_directory || c == std::errc::permission_denied ||
                      c == std::errc::read_only_file_system || c == std::errc::no_such_file_or_directory ||
                      c == std::errc::is_a_directory || c == std::errc::file_exists;
    fmt::print(stderr, "ranksent: {}: {}\n", user ? "error" : "failed", e.what());
    return user ? 2 : 1;
  } catch (const ranksent::Interrupted& e) {
    fmt::print(stderr, "ranksent: {}\n", e.what());
    return 130;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ranksent: failed: {}\n", e.what());
    return 1;
  }
  return 0;
}
