// `ranksent train` end to end on real SNLI lists: checkpoints, the log,
// model selection under both rules, resume after SIGINT and after kill -9
// (same weights as an uninterrupted run), bad input, a teacher with another
// tokenizer, a teacher with another pooling through the teacher cache, and a
// full disk while checkpointing.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "ranksent/encode/encoder.h"
#include "ranksent/io/safetensors.h"
#include "ranksent/models.h"
#include "support/environment.h"
#include "support/model_variant.h"
#include "support/snli_lists.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

// The first `lines` lines of a data file, copied into a data root.
void head(const fs::path& from, const fs::path& to, int lines) {
  fs::create_directories(to.parent_path());
  std::ifstream in(from);
  std::ofstream out(to);
  std::string line;
  for (int i = 0; i < lines && std::getline(in, line); ++i) out << line << "\n";
}

// A small real data root: the first 150 pairs of STS-B dev, the first 100 of
// SICK-R dev (SICK_trial, after its header).
fs::path small_data_root() {
  static fs::path root = [] {
    auto r = fs::temp_directory_path() / "ranksent-tests" / "train-data";
    head(test::data_dir() / "STSBenchmark" / "sts-dev.csv", r / "STSBenchmark" / "sts-dev.csv", 150);
    head(test::data_dir() / "SICK" / "SICK_trial.txt", r / "SICK" / "SICK_trial.txt", 101);
    return r;
  }();
  return root;
}

// One teacher cache for the tests' runs (not the user's).
fs::path test_teacher_cache() { return fs::temp_directory_path() / "ranksent-tests" / "teacher-sims"; }

fs::path lists_file(const fs::path& dir, std::size_t count = 6) {
  auto p = dir / "lists.jsonl";
  test::write_lists_jsonl(p, test::snli_lists(count, 8));
  return p;
}

// `extra` may name a teacher cache of its own.
std::string train_cmd(const fs::path& lists, const fs::path& out, const std::string& extra = "") {
  const bool own_cache = extra.find("teacher-cache") != std::string::npos;
  return "'" + test::cli_path().string() + "' train --threads 2 --lists '" + lists.string() + "' --output '" +
         out.string() + "' --data '" + small_data_root().string() + "' " +
         (own_cache ? "" : "--teacher-cache '" + test_teacher_cache().string() + "' ") + "--eval-every 2 " + extra;
}

// Largest difference between two checkpoints' tensors.
float weights_diff(const fs::path& a, const fs::path& b) {
  auto fa = SafetensorsFile::open(a / "model.safetensors"), fb = SafetensorsFile::open(b / "model.safetensors");
  float worst = 0;
  for (const auto& t : fa.tensors()) {
    auto x = fa.to_float(t), y = fb.to_float(fb.at(t.name));
    for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, std::fabs(x[i] - y[i]));
  }
  return worst;
}

int state_step(const fs::path& out) {
  std::ifstream in(fs::path(out.string() + ".train") / "last" / "state.json");
  if (!in) return -1;
  try {
    return nlohmann::json::parse(in)["step"].get<int>();
  } catch (...) {
    return -1;
  }
}

// Starts the command in the background and returns its pid.
int spawn(const std::string& command, const fs::path& log) {
  auto pid_file = log.string() + ".pid";
  std::system((command + " > '" + log.string() + "' 2>&1 & echo $! > '" + pid_file + "'").c_str());
  int pid = -1;
  std::ifstream(pid_file) >> pid;
  return pid;
}

bool wait_for(const std::function<bool()>& ready, double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

bool alive(int pid) { return ::kill(pid, 0) == 0; }

}  // namespace

TEST(Trainer, TrainsLogsAndSavesALoadableCheckpoint) {
  auto dir = test::scratch_dir("run");
  auto r = test::run_command(train_cmd(lists_file(dir), dir / "out", "--max-steps 4"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("steps 4, lists used 6"), std::string::npos) << r.output;
  // The best checkpoint is a model directory that loads and encodes.
  auto model = Encoder::load(dir / "out");
  EXPECT_EQ(model.encode({"A dog runs."}).size(), 384u);
  EXPECT_TRUE(fs::exists(dir / "out" / "modules.json"));
  // log.csv: the starting dev score, one row per step, dev at steps 2 and 4.
  std::ifstream log(dir / "out.train" / "log.csv");
  std::vector<std::string> rows;
  for (std::string line; std::getline(log, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 6u) << r.output;
  EXPECT_EQ(rows[0], "step,loss,lr,dev_spearman,dev_sickr_spearman");
  EXPECT_TRUE(rows[3].starts_with("2,") && rows[3].back() != ',') << rows[3];
  EXPECT_TRUE(rows[2].starts_with("1,") && rows[2].back() == ',') << rows[2];
  EXPECT_EQ(state_step(dir / "out"), 4);
  // The weights moved.
  EXPECT_GT(weights_diff(dir / "out.train" / "last" / "model", default_encoder().path), 1e-6f);
  // A second run into the same place needs --resume.
  r = test::run_command(train_cmd(dir / "lists.jsonl", dir / "out", "--max-steps 4"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--resume"), std::string::npos) << r.output;
}

TEST(Trainer, ResumeAfterSigintAndKillGivesTheUninterruptedWeights) {
  auto dir = test::scratch_dir("resume");
  auto lists = lists_file(dir);
  const std::string args = "--max-steps 6";
  ASSERT_EQ(test::run_command(train_cmd(lists, dir / "whole", args)).exit_code, 0);

  // SIGINT once the first step is done: the trainer checkpoints and stops.
  int pid = spawn(train_cmd(lists, dir / "int", args), dir / "int.log");
  ASSERT_TRUE(wait_for(
      [&] { return fs::exists(dir / "int.train" / "log.csv") && fs::file_size(dir / "int.train" / "log.csv") > 40; },
      120));
  ::kill(pid, SIGINT);
  ASSERT_TRUE(wait_for([&] { return !alive(pid); }, 120));
  int stopped_at = state_step(dir / "int");
  EXPECT_GE(stopped_at, 0);
  auto r = test::run_command(train_cmd(lists, dir / "int", args + " --resume"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  if (stopped_at < 6) {
    EXPECT_NE(r.output.find("resuming at step " + std::to_string(stopped_at)), std::string::npos) << r.output;
  }
  EXPECT_LE(weights_diff(dir / "int.train" / "last" / "model", dir / "whole.train" / "last" / "model"), 1e-6f);

  // kill -9 after the checkpoint at step 2: the steps after it are redone.
  pid = spawn(train_cmd(lists, dir / "kill", args), dir / "kill.log");
  ASSERT_TRUE(wait_for([&] { return state_step(dir / "kill") >= 2; }, 240));
  ::kill(pid, SIGKILL);
  ASSERT_TRUE(wait_for([&] { return !alive(pid); }, 30));
  r = test::run_command(train_cmd(lists, dir / "kill", args + " --resume"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(state_step(dir / "kill"), 6);
  EXPECT_LE(weights_diff(dir / "kill.train" / "last" / "model", dir / "whole.train" / "last" / "model"), 1e-6f);
  // The log holds each step once.
  std::ifstream log(dir / "kill.train" / "log.csv");
  std::vector<std::string> steps;
  for (std::string line; std::getline(log, line);) steps.push_back(line.substr(0, line.find(',')));
  EXPECT_EQ(steps, (std::vector<std::string>{"step", "0", "1", "2", "3", "4", "5", "6"}));
}

// Two trainers on one output: the second is refused while the first holds
// the lock (nothing of its own written), and SIGTERM stops the first as
// SIGINT does: state saved, exit 130, and --resume finishes the run.
TEST(Trainer, SecondWriterIsRefusedAndSigtermStopsLikeSigint) {
  auto dir = test::scratch_dir("twotrainers");
  auto lists = lists_file(dir);
  const std::string args = "--max-steps 6";
  const int pid = spawn(train_cmd(lists, dir / "out", args), dir / "first.log");
  ASSERT_TRUE(wait_for(
      [&] { return fs::exists(dir / "out.train" / "log.csv") && fs::file_size(dir / "out.train" / "log.csv") > 40; },
      120))
      << test::slurp(dir / "first.log");
  const auto log_before = test::slurp(dir / "out.train" / "log.csv");
  auto second = test::run_command(train_cmd(lists, dir / "out", args + " --resume"));
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find("another process is writing this output"), std::string::npos) << second.output;
  ::kill(pid, SIGTERM);
  ASSERT_TRUE(wait_for([&] { return !alive(pid); }, 120));
  EXPECT_NE(test::slurp(dir / "first.log").find("interrupted after step"), std::string::npos)
      << test::slurp(dir / "first.log");
  const int stopped_at = state_step(dir / "out");
  EXPECT_GE(stopped_at, 0);
  // The log has the first run's rows only, each step once.
  EXPECT_TRUE(test::slurp(dir / "out.train" / "log.csv").starts_with(log_before.substr(0, log_before.find('\n'))));
  auto rest = test::run_command(train_cmd(lists, dir / "out", args + " --resume"));
  ASSERT_EQ(rest.exit_code, 0) << rest.output;
  EXPECT_EQ(state_step(dir / "out"), 6);
}

TEST(Trainer, BadListsAreNamedByLine) {
  auto dir = test::scratch_dir("bad");
  auto lists = lists_file(dir, 3);
  {
    std::ofstream out(lists, std::ios::app);
    out << "{\"id\": 9, \"seed\": \"x\", \"sentences\": [\"x\", \"y\"], \"strategy\": \"s\", \"steps\": 1, "
           "\"rejected\": null}\n";
  }
  auto r = test::run_command(train_cmd(lists, dir / "out"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("lists.jsonl:4: field 'sentences'"), std::string::npos) << r.output;

  std::ofstream(dir / "broken.jsonl") << "{\"id\": 1}\n{not json\n";
  r = test::run_command(train_cmd(dir / "broken.jsonl", dir / "out2"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("broken.jsonl:1:"), std::string::npos) << r.output;

  std::ofstream(dir / "rejected.jsonl") << "{\"id\": 1, \"seed\": \"a\", \"sentences\": [\"a\", \"b\", \"c\"], "
                                           "\"strategy\": \"directional\", \"steps\": 2, "
                                           "\"rejected\": \"repetition\"}\n";
  r = test::run_command(train_cmd(dir / "rejected.jsonl", dir / "out3"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no usable ranking list"), std::string::npos) << r.output;
}

TEST(Trainer, BadOptionsAndMissingDevDataLeaveNothing) {
  auto dir = test::scratch_dir("badopts");
  auto lists = lists_file(dir, 3);
  for (const char* opt : {"--omega nan", "--tau 0", "--lr -1", "--fraction 0", "--device gpu", "--device cuda:999",
                          "--refine sorted", "--listmle-rows some", "--select sickr", "--start-competes maybe"}) {
    auto r = test::run_command(train_cmd(lists, dir / "out", opt));
    EXPECT_EQ(r.exit_code, 2) << opt << "\n" << r.output;
  }
  auto empty = test::scratch_dir("badopts-data");
  auto r = test::run_command("'" + test::cli_path().string() + "' train --threads 2 --lists '" + lists.string() +
                             "' --output '" + (dir / "out").string() + "' --data '" + empty.string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("STS-B dev selects the checkpoint"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  EXPECT_FALSE(fs::exists(dir / "out.train"));
  // STS-B alone selects with --select stsb only.
  head(test::data_dir() / "STSBenchmark" / "sts-dev.csv", empty / "STSBenchmark" / "sts-dev.csv", 20);
  r = test::run_command("'" + test::cli_path().string() + "' train --threads 2 --lists '" + lists.string() +
                        "' --output '" + (dir / "out").string() + "' --data '" + empty.string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("SICK-R dev selects the checkpoint with --select stsb-sickr"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.train"));
}

// Every evaluation scores STS-B and SICK-R dev; both metrics' best trained
// checkpoints are kept and selection.json names each rule's pick, so a
// second run under another rule outputs what the first one recorded for it.
TEST(Trainer, EachSelectionRulesPickIsKept) {
  auto dir = test::scratch_dir("select");
  auto lists = lists_file(dir);
  auto r = test::run_command(train_cmd(lists, dir / "released", "--max-steps 4"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto state = dir / "released.train";
  const auto sel = nlohmann::json::parse(test::slurp(state / "selection.json"));
  EXPECT_EQ(sel["select"], "stsb-sickr");
  EXPECT_EQ(sel["start_competes"], false);
  ASSERT_EQ(sel["rules"].size(), 4u) << sel.dump(2);
  nlohmann::json stsb_with_start;
  for (const auto& rule : sel["rules"]) {
    const fs::path model = rule["model"].get<std::string>();
    if (rule["step"] == 0) {
      EXPECT_EQ(model, default_encoder().path);
    } else {
      // A trained pick (step 2 or 4) is a loadable model directory.
      EXPECT_EQ(Encoder::load(model).dim(), 384);
      EXPECT_TRUE(rule["step"] == 2 || rule["step"] == 4) << rule.dump();
    }
    if (rule["output"]) {
      EXPECT_EQ(model, dir / "released") << rule.dump();
    }
    if (rule["select"] == "stsb" && rule["start_competes"]) stsb_with_start = rule;
  }
  // The output is the best trained checkpoint of the mean (trained only).
  EXPECT_EQ(weights_diff(dir / "released", state / "best-stsb-sickr"), 0.0f);
  // The same run under STS-B with the start competing: its output is what
  // the first run recorded for that rule.
  r = test::run_command(train_cmd(lists, dir / "stsb", "--max-steps 4 --select stsb --start-competes yes"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(test::slurp(dir / "stsb.train" / "log.csv"), test::slurp(state / "log.csv"));
  const fs::path recorded = stsb_with_start["model"].get<std::string>();
  EXPECT_EQ(weights_diff(dir / "stsb", recorded), 0.0f) << stsb_with_start.dump();
  EXPECT_NE(r.output.find("dev (stsb) Spearman"), std::string::npos) << r.output;
}

// A teacher that is not the student (another pooling: the raw [CLS] state),
// its similarities cached: a second run reads them all and trains to the
// same weights bit for bit, as does a run without the cache.
TEST(Trainer, SeparateTeacherThroughTheTeacherCache) {
  auto dir = test::scratch_dir("teacher-cache");
  auto lists = lists_file(dir);
  const auto teacher = test::cls_pooling_variant(default_encoder().path, dir / "cls-teacher");
  const std::string args =
      "--max-steps 4 --teacher '" + teacher.string() + "' --teacher-cache '" + (dir / "sims").string() + "'";
  auto cold = test::run_command(train_cmd(lists, dir / "cold", args));
  ASSERT_EQ(cold.exit_code, 0) << cold.output;
  EXPECT_NE(cold.output.find("teacher similarities: 0 lists from the cache, 4 computed"), std::string::npos)
      << cold.output;
  auto warm = test::run_command(train_cmd(lists, dir / "warm", args));
  ASSERT_EQ(warm.exit_code, 0) << warm.output;
  EXPECT_NE(warm.output.find("teacher similarities: 4 lists from the cache, 0 computed"), std::string::npos)
      << warm.output;
  auto none = test::run_command(train_cmd(lists, dir / "none", args + " --no-teacher-cache"));
  ASSERT_EQ(none.exit_code, 0) << none.output;
  EXPECT_NE(none.output.find("teacher similarities: no cache"), std::string::npos) << none.output;
  for (const char* run : {"warm", "none"}) {
    EXPECT_EQ(test::slurp(dir / (std::string(run) + ".train") / "log.csv"), test::slurp(dir / "cold.train" / "log.csv"))
        << run;
    EXPECT_EQ(
        weights_diff(dir / (std::string(run) + ".train") / "last" / "model", dir / "cold.train" / "last" / "model"),
        0.0f)
        << run;
  }
  // The teacher's own pooling, recorded with its cache entries.
  std::size_t teachers = 0;
  for (const auto& e : fs::directory_iterator(dir / "sims")) {
    const auto t = nlohmann::json::parse(test::slurp(e.path() / "teacher.json"));
    EXPECT_EQ(t["pooling"], "cls_before_pooler");
    EXPECT_EQ(t["max_length"], 32);
    ++teachers;
  }
  EXPECT_EQ(teachers, 1u);
  // The student as its own teacher is another teacher: nothing to reuse.
  auto self = test::run_command(
      train_cmd(lists, dir / "self", "--max-steps 4 --teacher-cache '" + (dir / "sims").string() + "'"));
  ASSERT_EQ(self.exit_code, 0) << self.output;
  EXPECT_NE(self.output.find("0 lists from the cache, 4 computed"), std::string::npos) << self.output;
}

TEST(Trainer, ModelWithoutWeightsIsAClearError) {
  auto dir = test::scratch_dir("noweights");
  fs::create_directories(dir / "model");
  for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    fs::copy(default_encoder().path / f, dir / "model" / f);
  auto r = test::run_command(train_cmd(lists_file(dir), dir / "out", "--model '" + (dir / "model").string() + "'"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no model weights found"), std::string::npos) << r.output;
}

TEST(Trainer, TeacherWithAnotherTokenizer) {
  // A small BERT with a byte-level BPE tokenizer as teacher of the WordPiece student.
  auto dir = test::scratch_dir("teacher");
  std::vector<std::string> corpus;
  for (const auto& l : test::snli_lists(400, 8))
    for (const auto& s : l) corpus.push_back(s);
  {
    std::ofstream out(dir / "corpus.jsonl");
    for (const auto& s : corpus) out << nlohmann::json(s).dump() << "\n";
  }
  auto r = test::run_python("tokenizer_reference.py", "train-bpe --corpus '" + (dir / "corpus.jsonl").string() +
                                                          "' --output-dir '" + (dir / "bpe").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = test::run_python("encoder_reference.py", "make-random --arch bert --tokenizer-dir '" + (dir / "bpe").string() +
                                                   "' --output-dir '" + (dir / "teacher").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Encoder::load(dir / "teacher").tokenizer().kind(), "bpe");
  r = test::run_command(
      train_cmd(lists_file(dir), dir / "out", "--max-steps 2 --teacher '" + (dir / "teacher").string() + "'"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(Trainer, FullDiskWhileCheckpointingKeepsThePreviousCheckpoint) {
  auto dir = test::scratch_dir("disk");
  auto lists = lists_file(dir);
  ASSERT_EQ(test::run_command(train_cmd(lists, dir / "out", "--max-steps 2")).exit_code, 0);
  ASSERT_EQ(state_step(dir / "out"), 2);
  auto before = SafetensorsFile::open(dir / "out.train" / "last" / "model" / "model.safetensors").tensors().size();
  // A 20 MB file-size limit: the next checkpoint (a 90 MB model) cannot be written.
  auto r = test::run_command("ulimit -f 20000; " + train_cmd(lists, dir / "out", "--max-steps 4 --resume"));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_EQ(state_step(dir / "out"), 2);                            // the previous checkpoint is intact ...
  auto last = Encoder::load(dir / "out.train" / "last" / "model");  // ... and loads
  EXPECT_EQ(SafetensorsFile::open(dir / "out.train" / "last" / "model" / "model.safetensors").tensors().size(), before);
  auto best = Encoder::load(dir / "out");
  EXPECT_EQ(best.dim(), 384);
  // With room again, --resume finishes the run.
  r = test::run_command(train_cmd(lists, dir / "out", "--max-steps 4 --resume"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(state_step(dir / "out"), 4);
}

// Data parallelism (torch.distributed, Gloo over loopback): two ranks of one
// list each give the parameters of one process taking both lists a step, and
// a killed rank makes the other fail at once with a clear error.
TEST(Trainer, TwoRanksEqualOneProcessOfTwoListsAStep) {
  auto dir = test::scratch_dir("ranks");
  auto lists = lists_file(dir, 4);
  auto one = test::run_command(train_cmd(lists, dir / "one", "--max-steps 1 --lists-per-step 2"));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  auto two = test::run_command(train_cmd(lists, dir / "two", "--max-steps 1 --nproc 2"));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  // One report, rank 0's: the other rank neither evaluates nor reports.
  EXPECT_EQ(two.output.find("best checkpoint:"), two.output.rfind("best checkpoint:")) << two.output;
  const auto d = weights_diff(dir / "one.train" / "last" / "model", dir / "two.train" / "last" / "model");
  std::printf("largest parameter difference after one step: %g\n", double(d));
  EXPECT_LE(d, 1e-6f);
  // They did move: the step is not a no-op.
  EXPECT_GT(weights_diff(dir / "one.train" / "last" / "model", default_encoder().path), 1e-7f);
  EXPECT_EQ(test::slurp(dir / "one.train" / "log.csv"), test::slurp(dir / "two.train" / "log.csv"));
  // An odd number of lists a step cannot be shared by two ranks.
  auto odd = test::run_command(train_cmd(lists, dir / "odd", "--max-steps 1 --nproc 2 --lists-per-step 3"));
  EXPECT_NE(odd.exit_code, 0) << odd.output;
  EXPECT_NE(odd.output.find("must be a multiple of the 2 ranks"), std::string::npos) << odd.output;
}

TEST(Trainer, AKilledRankStopsTheOthersWithAClearError) {
  auto dir = test::scratch_dir("killed-rank");
  auto lists = lists_file(dir, 8);
  const std::string cmd = train_cmd(lists, dir / "out", "--dist-timeout 60");
  // Rank 1 is killed once rank 0 has started training; rank 0 must end on
  // its own, with an error naming the failed collective, well inside the timeout.
  std::ofstream(dir / "run.sh") << "cd '" << dir.string() << "'\n"
                                << "export WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$((20000 + $$ % 20000))\n"
                                << "(RANK=0 " << cmd << " > r0.log 2>&1; echo $? > r0.rc) &\n"
                                << "RANK=1 " << cmd << " > r1.log 2>&1 &\n"
                                << "pid1=$!\n"
                                << "for i in $(seq 3000); do grep -q '^lists:' r0.log 2>/dev/null && break; [ -f r0.rc "
                                   "] && break; sleep 0.1; done\n"
                                << "sleep 2; kill -9 $pid1; start=$(date +%s); wait\n"
                                << "echo $(( $(date +%s) - start )) > waited\n";
  auto r = test::run_command("bash '" + (dir / "run.sh").string() + "'");
  const std::string log = test::slurp(dir / "r0.log");
  EXPECT_EQ(test::slurp(dir / "r0.rc"), "1\n") << log;
  EXPECT_NE(log.find("a rank stopped?"), std::string::npos) << log;
  EXPECT_LT(std::stoi(test::slurp(dir / "waited")), 30) << log;
}
