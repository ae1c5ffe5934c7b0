// `ranksent run STUDY`: the whole study of one TOML/JSON file (docs/study.md),
// stage by stage, skipping what is done and resuming what was interrupted.
#include <cstdlib>
#include <fstream>

#include <fmt/core.h>

#include "commands.h"
#include "ranksent/error.h"
#include "ranksent/study/study_run.h"

namespace ranksent::cli {

void add_run_command(CLI::App& app) {
  static std::string file, output;
  static bool dry_run = false;
  auto* cmd = app.add_subcommand("run",
                                 "Run a study file: seeds, lists, analysis, training, evaluation, report "
                                 "(docs/study.md)");
  cmd->add_option("study", file, "Study file (.toml or .json)")->required();
  cmd->add_option("--output", output, "Study folder (default: out/NAME)");
  cmd->add_flag("--dry-run", dry_run, "Print each stage, what a run would do with it and its command; run nothing");
  cmd->callback([] {
    const StudyPlan plan = plan_study(file);
    RunOptions o;
    o.out = output.empty() ? std::filesystem::path("out") / plan.name : std::filesystem::path(output);
    o.program = std::filesystem::read_symlink("/proc/self/exe");
    o.dry_run = dry_run;
    const int rc = run_study(plan, o);
    if (rc != 0) std::exit(rc);
    if (dry_run) return;
    const auto report = std::filesystem::absolute(o.out) / "report";
    std::ifstream table(report / "before-after.md");
    if (table)
      fmt::print("\n## Before and after post-training (Table 4)\n\n{}",
                 std::string(std::istreambuf_iterator<char>(table), std::istreambuf_iterator<char>()));
    fmt::print("report: {}\n", (report / "report.html").string());
  });
}

}  // namespace ranksent::cli
