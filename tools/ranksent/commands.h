// Each subcommand of the `ranksent` program lives in its own file and adds
// itself to the application here.
#pragma once
#include <CLI/CLI.hpp>

namespace ranksent::cli {

void add_models_command(CLI::App& app);
void add_complete_command(CLI::App& app);
void add_version_command(CLI::App& app);
void add_inspect_command(CLI::App& app);
void add_encode_command(CLI::App& app);
void add_tokenize_command(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_rerank_data_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_snli_lists_command(CLI::App& app);
void add_merge_lists_command(CLI::App& app);
void add_select_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_report_command(CLI::App& app);

}  // namespace ranksent::cli
