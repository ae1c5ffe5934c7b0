// `ranksent run`: a study's stages executed in dependency order, each a child
// `ranksent` process in the study folder with its command, configuration,
// fingerprint and wall time recorded in STAGE/stage.json. A stage whose
// fingerprint (its command, the fingerprints of the stages it reads, the
// size and time of the outside files it reads) is unchanged and whose
// outputs exist is skipped; an interrupted one runs again and resumes;
// a changed one starts over in an emptied folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/study/study.h"

namespace ranksent {

enum class StageAction { skip, resume, rerun, run };
const char* stage_action_name(StageAction a);

struct StageStatus {
  std::string id, fingerprint;
  StageAction action = StageAction::run;
  std::string why;            // for a rerun: what changed
  nlohmann::json input;       // what the fingerprint hashes: command, dependencies' fingerprints, outside files
  double seconds_before = 0;  // wall time already spent by an unfinished run (kept across resumes)
};

// What a run would do now, stage by stage (the plan of --dry-run).
std::vector<StageStatus> stage_statuses(const StudyPlan& plan, const std::filesystem::path& out);

// The command line of a stage as a shell would take it: `cd OUT && ranksent ...`.
std::string stage_command(const std::vector<std::string>& args, const std::filesystem::path& out,
                          const std::filesystem::path& program);

struct RunOptions {
  std::filesystem::path out;      // the study folder
  std::filesystem::path program;  // the ranksent binary the stages run
  bool dry_run = false;
};

// Exit status: 0 when every stage is done; a failed stage's own status (2
// bad input, 130 interrupted, 1 otherwise) after naming it and its log.
int run_study(const StudyPlan& plan, const RunOptions& options);

}  // namespace ranksent
