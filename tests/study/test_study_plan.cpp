// Study files (docs/study.md): errors naming file, line and field; the
// stages planned from them; and which stages a change reruns (study_run.h),
// checked on recorded stage fingerprints without running any stage.
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/study/study.h"
#include "ranksent/study/study_run.h"
#include "support/environment.h"

namespace ranksent {
namespace {

namespace fs = std::filesystem;

const char* kStudy = R"(name = "t"
data = "data"
threads = 1

[seeds]
input = ["premises.txt"]
clusters = 4
per_cluster = 2

[[generate]]
name = "directional"
steps = 8

[[generate]]
name = "shuffled"
strategy = "shuffle"
lists = "directional"

[[train]]
name = "directional"
lists = "directional"
seeds = [1, 2]

[[train]]
name = "shuffled"
lists = "shuffled"
options = ["--max-steps", "4"]

[evaluate]
tasks = "STSBenchmark"
)";

fs::path write_study(const fs::path& dir, const std::string& text, const std::string& name = "study.toml") {
  fs::create_directories(dir / "data");
  // Written once: its size and time are part of the selection's fingerprint.
  if (!fs::exists(dir / "data" / "premises.txt"))
    std::ofstream(dir / "data" / "premises.txt") << "A dog runs.\nA cat sleeps.\n";
  std::ofstream(dir / name) << text;
  return dir / name;
}

std::string error_of(const fs::path& file) {
  try {
    plan_study(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

std::vector<std::string> ids(const StudyPlan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.stages) out.push_back(s.id);
  return out;
}

TEST(StudyPlan, StagesInDependencyOrderWithTheirCommands) {
  const auto dir = test::scratch_dir("study-plan");
  const auto plan = plan_study(write_study(dir, kStudy));
  EXPECT_EQ(ids(plan), (std::vector<std::string>{"seeds", "generate-directional", "generate-shuffled", "analyze",
                                                 "eval-base", "train-directional-seed1", "eval-directional-seed1",
                                                 "train-directional-seed2", "eval-directional-seed2",
                                                 "train-shuffled-seed42", "eval-shuffled-seed42", "report"}));
  // Every dependency comes before the stage that reads it.
  for (std::size_t i = 0; i < plan.stages.size(); ++i)
    for (const auto& d : plan.stages[i].deps) {
      const auto* dep = plan.find(d);
      ASSERT_NE(dep, nullptr) << d;
      EXPECT_LT(dep - plan.stages.data(), std::ptrdiff_t(i)) << plan.stages[i].id << " reads " << d;
    }
  const auto* shuffle = plan.find("generate-shuffled");
  const std::vector<std::string> want = {"generate",
                                         "--output",
                                         "generate-shuffled/shuffled.jsonl",
                                         "--stats",
                                         "generate-shuffled/shuffled.stats.json",
                                         "--strategy",
                                         "shuffle",
                                         "--seeds",
                                         "seeds/seeds.jsonl",
                                         "--lists",
                                         "generate-directional/directional.jsonl",
                                         "--shuffle-seed",
                                         "0",
                                         "--threads",
                                         "1"};
  EXPECT_EQ(shuffle->args, want);
  const auto* train = plan.find("train-shuffled-seed42");
  EXPECT_EQ(train->deps, std::vector<std::string>{"generate-shuffled"});
  EXPECT_EQ(train->args.back(), "4");
  EXPECT_EQ(train->resume_arg, "--resume");
  // Paths are taken from the study file's folder.
  EXPECT_EQ(plan.spec["data"], (dir / "data").lexically_normal().string());
  // Analysis: heatmaps over 9 positions (8 steps + the seed), case study of seed 1.
  const auto& an = plan.find("analyze")->args;
  EXPECT_NE(std::find(an.begin(), an.end(), "9"), an.end());
}

TEST(StudyPlan, JsonStudiesPlanTheSame) {
  const auto dir = test::scratch_dir("study-json");
  const auto toml = plan_study(write_study(dir, kStudy));
  const auto json = plan_study(write_study(dir, toml.spec.dump(), "study.json"));
  ASSERT_EQ(ids(toml), ids(json));
  for (std::size_t i = 0; i < toml.stages.size(); ++i) EXPECT_EQ(toml.stages[i].args, json.stages[i].args);
}

// The same cache or data folder spelt with a doubled or trailing slash plans
// the same commands (a finished stage is not rerun for a spelling).
TEST(StudyPlan, PathSpellingsPlanTheSame) {
  const auto dir = test::scratch_dir("study-spelling");
  const char* old = std::getenv("RANKSENT_CACHE");
  const std::string saved = old ? old : "";
  const std::string cache = (dir / "cache").string();
  std::vector<std::vector<std::string>> plans;
  for (const std::string& spelling : {cache, cache + "/", dir.string() + "//cache//"}) {
    ::setenv("RANKSENT_CACHE", spelling.c_str(), 1);
    std::vector<std::string> all;
    for (const auto& st : plan_study(write_study(dir, replaced(kStudy, "data = \"data\"", "data = \"data//\""))).stages)
      all.insert(all.end(), st.args.begin(), st.args.end());
    plans.push_back(all);
  }
  if (old)
    ::setenv("RANKSENT_CACHE", saved.c_str(), 1);
  else
    ::unsetenv("RANKSENT_CACHE");
  EXPECT_EQ(plans[0], plans[1]);
  EXPECT_EQ(plans[0], plans[2]);
  for (const auto& a : plans[2]) EXPECT_EQ(a.find("//"), std::string::npos) << a;
}

// A training arm on a lists file written before (the main job's shipped
// lists): read from the study file's folder, fingerprinted as an input, no
// generation stage behind it.
TEST(StudyPlan, TrainingArmOnAListsFile) {
  const auto dir = test::scratch_dir("study-lists-file");
  fs::create_directories(dir / "shipped");
  std::ofstream(dir / "shipped" / "lists.jsonl") << "{}\n";
  const std::string text =
      std::string(kStudy) + "\n[[train]]\nname = \"shipped\"\nlists_file = \"shipped/lists.jsonl\"\n";
  const auto plan = plan_study(write_study(dir, text));
  const auto* train = plan.find("train-shipped-seed42");
  ASSERT_NE(train, nullptr);
  const std::string file = (dir / "shipped" / "lists.jsonl").lexically_normal().string();
  EXPECT_TRUE(train->deps.empty());
  EXPECT_EQ(train->inputs, std::vector<fs::path>{file});
  const auto at = std::find(train->args.begin(), train->args.end(), "--lists");
  ASSERT_NE(at, train->args.end());
  EXPECT_EQ(*(at + 1), file);
  EXPECT_NE(plan.find("eval-shipped-seed42"), nullptr);
  // Exactly one of lists and lists_file, and the file must be there.
  EXPECT_NE(error_of(write_study(dir, text + "lists = \"directional\"\n")).find("field 'train[2].lists': give either"),
            std::string::npos);
  EXPECT_NE(error_of(write_study(dir, replaced(text, "shipped/lists.jsonl", "shipped/none.jsonl")))
                .find("field 'train[2].lists_file': no such file"),
            std::string::npos);
}

TEST(StudyPlan, BadFieldsNameFileLineAndField) {
  const auto dir = test::scratch_dir("study-errors");
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"steps = 8", "steps = 0", "study.toml:12: field 'generate[0].steps': must be in [1, 100000], got 0"},
      {"steps = 8", "stepz = 8", "study.toml:12: field 'generate[0].stepz': unknown field"},
      {"seeds = [1, 2]", "seeds = [1, \"two\"]", "study.toml:22: field 'train[0].seeds[1]': must be an integer"},
      {"seeds = [1, 2]", "seeds = [1, 1]", "field 'train[0].seeds': lists a seed twice"},
      {"lists = \"shuffled\"\noptions", "lists = \"nowhere\"\noptions",
       "study.toml:26: field 'train[1].lists': 'nowhere' is neither a generation arm nor snli-labels"},
      {"strategy = \"shuffle\"", "strategy = \"sideways\"", "field 'generate[1].strategy': must be directional"},
      {"name = \"shuffled\"\nstrategy", "name = \"directional\"\nstrategy",
       "study.toml:15: field 'generate[1].name': 'directional' names another arm already"},
      {"data = \"data\"", "data = \"nowhere\"", "study.toml:2: field 'data': not a folder"},
      {"name = \"t\"", "name = \"t", "study.toml:1: not valid TOML"},
      {"threads = 1", "threads = 1.5", "field 'threads': must be an integer, not number"},
  };
  for (const auto& c : cases) {
    const std::string err = error_of(write_study(dir, replaced(kStudy, c.from, c.to)));
    EXPECT_NE(err.find(c.message), std::string::npos) << c.to << "\n  got: " << err;
  }
  EXPECT_NE(error_of(dir / "absent.toml").find("absent.toml: not found"), std::string::npos);
  EXPECT_NE(error_of(write_study(dir, "name = 1", "s.yaml")).find("a study file is .toml or .json"), std::string::npos);
}

// Records every stage as done, the way run_study does after a stage succeeds.
void mark_done(const StudyPlan& plan, const fs::path& out) {
  for (const auto& s : stage_statuses(plan, out)) {
    const auto* st = plan.find(s.id);
    for (const auto& o : st->outputs) {
      fs::create_directories((out / o).parent_path());
      std::ofstream(out / o) << "x";
    }
    // As run_study records a finished stage.
    nlohmann::json rec = {{"fingerprint", s.fingerprint}, {"input", s.input}, {"status", "done"}};
    write_file_atomic(out / s.id / "stage.json", rec.dump());
  }
}

TEST(StudyPlan, ComparisonsNameTwoArmsWithTheSameSeeds) {
  const auto dir = test::scratch_dir("study_compare");
  const std::string same = replaced(kStudy, "options = [\"--max-steps\", \"4\"]",
                                    "seeds = [1, 2]\n\n[[compare]]\na = \"directional\"\nb = \"shuffled\"");
  const auto plan = plan_study(write_study(dir, same));
  ASSERT_EQ(plan.spec["compare"].size(), 1u);
  EXPECT_EQ(plan.spec["compare"][0]["b"], "shuffled");
  EXPECT_EQ(plan.spec["compare"][0]["replicates"], 1000);
  const std::string unknown = replaced(same, "b = \"shuffled\"", "b = \"shufled\"");
  EXPECT_NE(error_of(write_study(dir, unknown)).find("compare[0].b': 'shufled' is not a training arm"),
            std::string::npos)
      << error_of(write_study(dir, unknown));
  // shuffled trains seed 42 alone: no pairing with directional's 1 and 2.
  const std::string other_seeds = kStudy + std::string("\n[[compare]]\na = \"directional\"\nb = \"shuffled\"\n");
  EXPECT_NE(error_of(write_study(dir, other_seeds)).find("must train the same seeds as a"), std::string::npos)
      << error_of(write_study(dir, other_seeds));
}

TEST(StudyRun, AChangedTrainingArmRerunsOnlyWhatDependsOnIt) {
  const auto dir = test::scratch_dir("study-changes");
  const auto out = dir / "out";
  const auto plan = plan_study(write_study(dir, kStudy));
  for (const auto& s : stage_statuses(plan, out)) EXPECT_EQ(s.action, StageAction::run) << s.id;
  mark_done(plan, out);
  for (const auto& s : stage_statuses(plan, out)) EXPECT_EQ(s.action, StageAction::skip) << s.id;

  // One training arm's option: its runs, their evaluations and the report.
  const auto changed =
      plan_study(write_study(dir, replaced(kStudy, "\"--max-steps\", \"4\"", "\"--max-steps\", \"5\"")));
  std::vector<std::string> rerun;
  for (const auto& s : stage_statuses(changed, out))
    if (s.action != StageAction::skip) rerun.push_back(s.id);
  EXPECT_EQ(rerun, (std::vector<std::string>{"train-shuffled-seed42", "eval-shuffled-seed42", "report"}));

  // A generation arm: its lists, the shuffle of them, the analysis and all training downstream.
  const auto gen = plan_study(write_study(dir, replaced(kStudy, "steps = 8", "steps = 6")));
  rerun.clear();
  for (const auto& s : stage_statuses(gen, out))
    if (s.action != StageAction::skip) rerun.push_back(s.id);
  EXPECT_EQ(rerun,
            (std::vector<std::string>{"generate-directional", "generate-shuffled", "analyze", "train-directional-seed1",
                                      "eval-directional-seed1", "train-directional-seed2", "eval-directional-seed2",
                                      "train-shuffled-seed42", "eval-shuffled-seed42", "report"}));

  // A missing output or an unfinished record makes a done stage run again (resume).
  fs::remove(out / "eval-base" / "eval.json");
  write_file_atomic(
      out / "analyze" / "stage.json",
      nlohmann::json{{"fingerprint", stage_statuses(plan, out)[3].fingerprint}, {"status", "running"}}.dump());
  for (const auto& s : stage_statuses(plan, out)) {
    const bool again = s.id == "eval-base" || s.id == "analyze";
    EXPECT_EQ(s.action, again ? StageAction::resume : StageAction::skip) << s.id;
  }
  // An outside input file (the premises) that changes reruns selection and everything after it.
  std::ofstream(dir / "data" / "premises.txt", std::ios::app) << "A bird sings a long song.\n";
  const auto statuses = stage_statuses(plan, out);
  EXPECT_EQ(statuses[0].action, StageAction::rerun);
  EXPECT_EQ(statuses[0].why, "an input file changed");
  EXPECT_EQ(statuses[4].id, "eval-base");  // reads no stage: only its own state counts
  EXPECT_EQ(statuses[4].action, StageAction::resume);
}

// The report reads [[compare]] from the study, not its command line: a new
// comparison reruns the report and nothing else.
TEST(StudyRun, ANewComparisonRerunsOnlyTheReport) {
  const auto dir = test::scratch_dir("study-compare-rerun");
  const auto out = dir / "out";
  const std::string paired = replaced(kStudy, "options = [\"--max-steps\", \"4\"]", "seeds = [1, 2]");
  const auto plan = plan_study(write_study(dir, paired));
  mark_done(plan, out);
  const auto more = plan_study(write_study(dir, paired + "\n[[compare]]\na = \"directional\"\nb = \"shuffled\"\n"));
  std::vector<std::string> run;
  for (const auto& s : stage_statuses(more, out))
    if (s.action != StageAction::skip) run.push_back(s.id);
  EXPECT_EQ(run, std::vector<std::string>{"report"});
  EXPECT_EQ(stage_statuses(more, out).back().why, "its settings in the study file changed");
}

// [evaluate] checkpoints: one more evaluation per run and checkpoint, of the
// checkpoint folder training keeps; adding them later reruns nothing done.
TEST(StudyRun, CheckpointEvaluationsAddStagesAndRerunNothing) {
  const auto dir = test::scratch_dir("study-checkpoints");
  const auto out = dir / "out";
  const auto plan = plan_study(write_study(dir, kStudy));
  mark_done(plan, out);
  const std::string with =
      replaced(kStudy, "tasks = \"STSBenchmark\"", "tasks = \"STSBenchmark\"\ncheckpoints = [\"last\", \"best-stsb\"]");
  const auto more = plan_study(write_study(dir, with));
  std::vector<std::string> run;
  for (const auto& s : stage_statuses(more, out))
    if (s.action != StageAction::skip) run.push_back(s.id);
  EXPECT_EQ(run, (std::vector<std::string>{"eval-directional-seed1-last", "eval-directional-seed1-best-stsb",
                                           "eval-directional-seed2-last", "eval-directional-seed2-best-stsb",
                                           "eval-shuffled-seed42-last", "eval-shuffled-seed42-best-stsb", "report"}));
  const auto* last = more.find("eval-directional-seed2-last");
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->kind, "eval-checkpoint");
  EXPECT_EQ(last->checkpoint, "last");
  EXPECT_EQ(last->seed, 2);
  EXPECT_EQ(last->deps, std::vector<std::string>{"train-directional-seed2"});
  const auto model = std::find(last->args.begin(), last->args.end(), "--model");
  ASSERT_NE(model, last->args.end());
  EXPECT_EQ(*(model + 1), "train-directional-seed2/model.train/last/model");
  const auto label = std::find(last->args.begin(), last->args.end(), "--label");
  ASSERT_NE(label, last->args.end());
  EXPECT_EQ(*(label + 1), "directional (last)");
  const std::string bad = replaced(with, "\"best-stsb\"]", "\"best\"]");
  EXPECT_NE(error_of(write_study(dir, bad))
                .find("field 'evaluate.checkpoints': unknown checkpoint 'best' (last, best-stsb or best-stsb-sickr)"),
            std::string::npos)
      << error_of(write_study(dir, bad));
}

// A stage whose process dies by a signal is named as such on the console, in
// its log and in stage.json (a crash in a CPU kernel is not "exit 1").
TEST(StudyRun, AStageKilledByASignalSaysWhichSignal) {
  const auto dir = test::scratch_dir("study-signal");
  const auto plan = plan_study(write_study(dir, kStudy));
  const fs::path program = dir / "crashes.sh";
  std::ofstream(program) << "#!/bin/sh\necho 'about to crash' >&2\nkill -ILL $$\n";
  fs::permissions(program, fs::perms::owner_all);
  RunOptions o;
  o.out = dir / "out";
  o.program = program;
  testing::internal::CaptureStderr();
  const int rc = run_study(plan, o);
  const std::string console = testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 1);
  const std::string want = "killed by signal 4 (SIGILL, illegal instruction)";
  EXPECT_NE(console.find("stage seeds failed (" + want), std::string::npos) << console;
  const auto rec = nlohmann::json::parse(test::slurp(o.out / "seeds" / "stage.json"));
  EXPECT_EQ(rec["status"], "failed");
  EXPECT_EQ(rec["signal"], 4);
  EXPECT_EQ(rec["end"].get<std::string>().rfind(want, 0), 0u) << rec.dump();
  const std::string log = test::slurp(o.out / "seeds" / "log.txt");
  EXPECT_NE(log.find("about to crash"), std::string::npos) << log;
  EXPECT_NE(log.find("the stage's process was " + want), std::string::npos) << log;
}

}  // namespace
}  // namespace ranksent
