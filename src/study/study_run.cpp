// Executes a study's stages (study_run.h): fingerprints, skip and resume,
// one child process a stage with its output teed to the stage's log.
#include "ranksent/study/study_run.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>

#include <fmt/core.h>

#include "ranksent/common/process_status.h"
#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/file_lock.h"
#include "ranksent/io/json_file.h"

namespace ranksent {

namespace fs = std::filesystem;
using json = nlohmann::json;

const char* stage_action_name(StageAction a) {
  switch (a) {
    case StageAction::skip:
      return "skip (done)";
    case StageAction::resume:
      return "resume";
    case StageAction::rerun:
      return "rerun";
    case StageAction::run:
      return "run";
  }
  return "?";
}

namespace {

std::string clock_now() {
  const std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

// An outside file is fingerprinted by size and modification time: hashing
// the data sets on every run would cost more than some stages.
json file_stamp(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec) return json{{"path", p.string()}, {"missing", true}};
  const auto mtime = fs::last_write_time(p, ec).time_since_epoch().count();
  return json{{"path", p.string()}, {"size", size}, {"mtime", mtime}};
}

json fingerprint_input(const Stage& st, const std::map<std::string, std::string>& done) {
  json deps = json::object();
  for (const auto& d : st.deps) deps[d] = done.at(d);
  json files = json::array();
  for (const auto& f : st.inputs) files.push_back(file_stamp(f));
  json input{{"args", st.args}, {"deps", deps}, {"inputs", files}};
  if (!st.settings.is_null()) input["settings"] = st.settings;
  return input;
}

json read_stage_record(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return json();
  try {
    return read_json_file(file);
  } catch (const InputError&) {
    return json();  // a torn record is no record: the stage runs again
  }
}

std::string quoted(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=,+-@") ==
                        std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The running child, for the signal handler to pass SIGINT/SIGTERM on.
std::atomic<pid_t> g_child{0};
std::atomic<int> g_signal{0};
extern "C" void forward_signal(int sig) {
  g_signal.store(sig);
  if (pid_t c = g_child.load(); c > 0) ::kill(c, sig);
}

struct SignalForwarding {
  struct sigaction old_int {
  }, old_term{};
  SignalForwarding() {
    struct sigaction sa {};
    sa.sa_handler = forward_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalForwarding() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

// Runs the stage's command with `out` as the working directory; stdout goes
// to the log, stderr (progress, errors) to the log and, indented, to ours.
// Returns the wait status; a death by signal is written to the log here.
int run_child(const fs::path& program, const std::vector<std::string>& args, const fs::path& out, const fs::path& log) {
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", log.string(), std::strerror(errno)));
  int pipe_fd[2];
  if (::pipe2(pipe_fd, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_s = {program.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A process group of its own: a terminal's Ctrl-C reaches only `run`,
    // which passes it on once (a second SIGINT would stop the stage at once).
    ::setpgid(0, 0);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(pipe_fd[1], STDERR_FILENO);
    if (::chdir(out.c_str()) != 0) _exit(1);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  g_child.store(pid);
  ::close(pipe_fd[1]);
  std::string line;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (::write(log_fd, buf, std::size_t(n)) < 0) { /* the console copy still goes on */
    }
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] == '\n' || buf[i] == '\r') {
        if (!line.empty()) fmt::print(stderr, "    {}\n", line);
        line.clear();
      } else {
        line += buf[i];
      }
    }
  }
  if (!line.empty()) fmt::print(stderr, "    {}\n", line);
  ::close(pipe_fd[0]);
  ::close(log_fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_child.store(0);
  if (WIFSIGNALED(status)) {
    const std::string how = "[run] the stage's process was " + describe_wait_status(status) + "\n";
    if (const int fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC); fd >= 0) {
      if (::write(fd, how.data(), how.size()) < 0) { /* the console and stage.json still say it */
      }
      ::close(fd);
    }
  }
  return status;
}

// The stage's exit code by our convention: a stop by SIGINT/SIGTERM is an
// interruption (130); any other signal a failure (1).
int stage_exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM ? 130 : 1;
}

bool outputs_exist(const Stage& st, const fs::path& out) {
  for (const auto& o : st.outputs)
    if (std::error_code ec; !fs::exists(out / o, ec)) return false;
  return true;
}

}  // namespace

std::string stage_command(const std::vector<std::string>& args, const fs::path& out, const fs::path& program) {
  std::string cmd = "cd " + quoted(out.string()) + " && " + quoted(program.string());
  for (const auto& a : args) cmd += " " + quoted(a);
  return cmd;
}

std::vector<StageStatus> stage_statuses(const StudyPlan& plan, const fs::path& out) {
  std::vector<StageStatus> result;
  std::map<std::string, std::string> fingerprints;
  for (const auto& st : plan.stages) {
    StageStatus s;
    s.id = st.id;
    s.input = fingerprint_input(st, fingerprints);
    const json& input = s.input;
    s.fingerprint = sha256_hex(input.dump());
    fingerprints[st.id] = s.fingerprint;
    const json rec = read_stage_record(out / st.id / "stage.json");
    if (!rec.is_object() || !rec.contains("fingerprint")) {
      s.action = StageAction::run;
    } else if (rec["fingerprint"] != s.fingerprint) {
      s.action = StageAction::rerun;
      const json old = rec.value("input", json::object());
      if (old.value("args", json()) != input["args"]) {
        s.why = "its command changed";
      } else if (old.value("inputs", json()) != input["inputs"]) {
        s.why = "an input file changed";
      } else if (old.value("settings", json()) != input.value("settings", json())) {
        s.why = "its settings in the study file changed";
      } else {
        for (const auto& d : st.deps)
          if (old.value("deps", json::object()).value(d, std::string()) != fingerprints[d]) {
            s.why = "stage " + d + " changed";
            break;
          }
      }
    } else if (rec.value("status", std::string()) == "done" && outputs_exist(st, out)) {
      s.action = StageAction::skip;
    } else {
      s.action = StageAction::resume;
      s.seconds_before = rec.value("seconds", 0.0);
    }
    result.push_back(s);
  }
  return result;
}

namespace {

// --dry-run: each stage, what a run would do with it and why, and its command.
void print_plan(const StudyPlan& plan, const std::vector<StageStatus>& statuses, const fs::path& out,
                const RunOptions& o) {
  const std::size_t n = plan.stages.size();
  fmt::print("study {} ({}) into {}: {} stages\n", plan.name, plan.file.string(), out.string(), n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = statuses[i];
    fmt::print("{:>2}. {:<28} {}{}\n    {}\n", i + 1, s.id, stage_action_name(s.action),
               s.why.empty() ? "" : " (" + s.why + ")", stage_command(plan.stages[i].args, out, o.program));
  }
}

// A failed or interrupted stage: its record says how it ended; returns the
// study's exit code.
int stage_failed(const Stage& st, const fs::path& dir, json& rec, int status, int rc) {
  rec["status"] = rc == 130 ? "interrupted" : "failed";
  rec["exit"] = rc;
  rec["end"] = describe_wait_status(status);
  if (WIFSIGNALED(status)) rec["signal"] = WTERMSIG(status);
  write_file_atomic(dir / "stage.json", rec.dump(2) + "\n");
  if (rc == 130 || g_signal.load()) {
    fmt::print(stderr, "[run {}] interrupted in stage {}; the same command resumes it\n", clock_now(), st.id);
    return 130;
  }
  fmt::print(stderr, "[run {}] stage {} failed ({}); its log: {}\n", clock_now(), st.id,
             WIFSIGNALED(status) ? describe_wait_status(status) : fmt::format("exit {}", rc),
             (dir / "log.txt").string());
  return rc == 2 ? 2 : 1;
}

// Stage i of n, run (or resumed) as a child with its record written before
// and after. Returns 0 when it is done, else the study's exit code.
int run_stage(const Stage& st, const StageStatus& s, std::size_t i, std::size_t n, const fs::path& out,
              const RunOptions& o) {
  const fs::path dir = out / st.id;
  if (s.action == StageAction::rerun) fs::remove_all(dir);  // nothing of the old configuration may mix in
  fs::create_directories(dir);
  std::vector<std::string> args = st.args;
  std::error_code ec;
  if (!st.resume_marker.empty() && fs::exists(out / st.resume_marker, ec)) args.push_back(st.resume_arg);
  const std::string command = stage_command(args, out, o.program);
  json rec = {{"stage", st.id},   {"kind", st.kind},     {"arm", st.arm},      {"fingerprint", s.fingerprint},
              {"input", s.input}, {"config", st.config}, {"command", command}, {"status", "running"}};
  if (st.seed >= 0) rec["seed"] = st.seed;
  write_file_atomic(dir / "stage.json", rec.dump(2) + "\n");
  write_file_atomic(dir / "command.sh", "#!/bin/sh\n" + command + "\n");
  const std::string what = s.action == StageAction::rerun    ? "rerun, " + s.why
                           : s.action == StageAction::resume ? "resuming"
                                                             : "running";
  fmt::print(stderr, "[run {}] ({}/{}) {}: {} (log: {})\n", clock_now(), i + 1, n, st.id, what,
             (dir / "log.txt").string());
  const auto t0 = std::chrono::steady_clock::now();
  const int status = run_child(o.program, args, out, dir / "log.txt");
  int rc = stage_exit_code(status);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc == 0 && !outputs_exist(st, out)) {
    fmt::print(stderr, "ranksent run: stage {} ended without its outputs ({})\n", st.id, fmt::join(st.outputs, ", "));
    rc = 1;
  }
  rec["seconds"] = s.seconds_before + seconds;  // across resumed runs
  if (rc != 0) return stage_failed(st, dir, rec, status, rc);
  rec["status"] = "done";
  write_file_atomic(dir / "stage.json", rec.dump(2) + "\n");
  fmt::print(stderr, "[run {}] ({}/{}) {}: done in {:.0f} s\n", clock_now(), i + 1, n, st.id, seconds);
  return 0;
}

}  // namespace

int run_study(const StudyPlan& plan, const RunOptions& o) {
  const fs::path out = fs::absolute(o.out).lexically_normal();
  const auto statuses = stage_statuses(plan, out);
  const std::size_t n = plan.stages.size();
  if (o.dry_run) {
    print_plan(plan, statuses, out, o);
    return 0;
  }
  fs::create_directories(out);
  FileLock lock(out / ".run.lock", "study folder " + out.string());
  json recorded = plan.spec;
  recorded["file"] = plan.file.string();
  write_file_atomic(out / "study.json", recorded.dump(2) + "\n");
  SignalForwarding forwarding;
  g_signal = 0;
  std::size_t ran = 0, skipped = 0;
  const auto study_start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    if (statuses[i].action == StageAction::skip) {
      fmt::print(stderr, "[run {}] ({}/{}) {}: done before, skipped\n", clock_now(), i + 1, n, plan.stages[i].id);
      ++skipped;
      continue;
    }
    if (const int rc = run_stage(plan.stages[i], statuses[i], i, n, out, o); rc != 0) return rc;
    ++ran;
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - study_start).count();
  fmt::print(stderr, "[run {}] study {}: {} stages run, {} skipped, {:.0f} s\n", clock_now(), plan.name, ran, skipped,
             total);
  return 0;
}

}  // namespace ranksent
