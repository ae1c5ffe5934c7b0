// `ranksent report STUDY_DIR`: the paper's tables and figures of a study
// folder as report.md and a self-contained report.html (study_report.h).
#include <fmt/core.h>

#include "build_info.h"
#include "commands.h"
#include "ranksent/report/study_report.h"

namespace ranksent::cli {

void add_report_command(CLI::App& app) {
  static std::string dir, output;
  auto* cmd = app.add_subcommand("report", "report.md and report.html of a study folder made by `ranksent run`");
  cmd->add_option("study_dir", dir, "The study folder")->required();
  cmd->add_option("--output", output, "Where the report goes (default: STUDY_DIR/report)");
  cmd->callback([] {
    const auto out = output.empty() ? std::filesystem::path(dir) / "report" : std::filesystem::path(output);
    const auto r = write_study_report(dir, out, {RANKSENT_VERSION, RANKSENT_LLAMA_COMMIT});
    fmt::print("{}\nreport: {} and {} ({} figures)\n", r.before_after, r.markdown.string(), r.html.string(), r.figures);
  });
}

}  // namespace ranksent::cli
