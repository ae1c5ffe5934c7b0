// `ranksent report`: a study folder made by `ranksent run` as report.md and a
// self-contained report.html: the paper's Tables 1, 2, 3, 4 and 7 filled from
// the evaluations (with deltas), the sweeps of Fig. 3 (STS avg against omega
// or the share of lists, with intervals over seeds), the list analysis (kept
// share by rule, monotonicity, the Fig. 1 heatmaps, a Table 5 case study),
// the training curves and the environment. Stages not run yet are named as
// missing, so a report of a study in progress is still a report.
#pragma once
#include <filesystem>
#include <string>

namespace ranksent {

struct ReportEnvironment {
  std::string program_version, llama_commit;
};

struct StudyReport {
  std::filesystem::path markdown, html;
  std::string before_after;  // Table 4: what `ranksent run` prints at the end
  std::size_t figures = 0;
};

StudyReport write_study_report(const std::filesystem::path& study_dir, const std::filesystem::path& out_dir,
                               const ReportEnvironment& env);

}  // namespace ranksent
