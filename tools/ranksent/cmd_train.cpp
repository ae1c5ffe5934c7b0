// `ranksent train`: post-train an encoder on ranking lists (docs/method.md section 3).
#include <cmath>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include <fmt/core.h>

#include "commands.h"
#include "option_flags.h"
#include "rank_launcher.h"
#include "ranksent/common/interrupt.h"
#include "ranksent/error.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"
#include "ranksent/train/trainer.h"

namespace ranksent::cli {

namespace {
const std::map<std::string, bool> yes_no = {{"yes", true}, {"no", false}};

// An enum flag: the library's spellings, its default as the API's default.
template <typename E>
CLI::Option* add_enum(CLI::App* cmd, const std::string& flag, E& value, const std::string& help) {
  return cmd->add_option(flag, value, help)
      ->transform(CLI::CheckedTransformer(option_map<E>()))
      ->default_str(std::string(option_name(value)));
}

// The command line as parsed: TrainOptions' own fields, and what becomes
// one once checked or resolved.
struct TrainArgs {
  TrainOptions o;
  std::string model = default_encoder().path.string(), lists, output, teacher, teacher_cache, data;
  int threads = 0, nproc = 1;
  std::string pooling = "auto", eval_pooling = "auto", teacher_pooling = "auto";
  bool quiet = false, no_teacher_cache = false;
};

// The starting model, the lists, the output, the teacher and the dev data.
void add_input_options(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--model", a.model,
                  "Starting checkpoint: Hugging Face model directory or an encoder tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--lists", a.lists, "lists.jsonl from `ranksent generate` (rejected lists are skipped)")->required();
  cmd->add_option("--output", a.output, "Directory for the best checkpoint (state goes to OUTPUT.train/)")->required();
  cmd->add_option("--teacher", a.teacher,
                  "Frozen teacher: model directory or encoder tier, with its own tokenizer and pooling (default: a "
                  "frozen copy of --model)");
  cmd->add_option(
      "--teacher-cache", a.teacher_cache,
      "Where teacher similarities are kept, once per list and teacher (default: $RANKSENT_CACHE/teacher-sims)");
  cmd->add_flag("--no-teacher-cache", a.no_teacher_cache, "Run the teacher on every list of every step");
  cmd->add_option("--data", a.data,
                  "Evaluation data root holding STSBenchmark/ and SICK/ (dev splits for model selection; default: "
                  "$RANKSENT_DATA, else ../shared/data)");
}

// The refinement targets and ListMLE (Eqs. 6-8).
void add_loss_options(CLI::App* cmd, LossOptions& loss) {
  add_enum(cmd, "--targets", loss.targets, "refined | rank (ablation d) | semantic (ablation e)");
  add_enum(cmd, "--refine", loss.refine,
           "paper (Eq. 6) | literal (Algorithm 1 as printed) | released (the authors' refine_similarity_matrix)");
  add_enum(cmd, "--listmle-rows", loss.listmle_rows,
           "whole (every item of row j, the sentence itself included; Eq. 8, released code) | others (k != j)");
  cmd->add_option("--omega", loss.omega, "Refinement strength (appendix C: 0.7 for SynCSE, else 0.5)")
      ->capture_default_str();
  cmd->add_option("--tau", loss.tau, "Student temperature")->capture_default_str();
  cmd->add_option("--teacher-tau", loss.teacher_tau, "Teacher temperature tau_t")->capture_default_str();
}

void add_optimiser_options(CLI::App* cmd, TrainOptions& o) {
  cmd->add_option("--lr", o.lr, "Adam learning rate")->capture_default_str();
  add_enum(cmd, "--lr-schedule", o.lr_schedule, "linear (decay to 0) | constant");
  cmd->add_option("--max-grad-norm", o.max_grad_norm, "Gradient clipping (0 = off)")->capture_default_str();
}

// Tokens per sentence and poolings, of the student and the teacher.
void add_encoding_options(CLI::App* cmd, TrainArgs& a) {
  cmd->add_option("--max-length", a.o.loss.max_length, "Tokens per sentence (student)")->capture_default_str();
  cmd->add_option("--teacher-max-length", a.o.loss.teacher_max_length, "Teacher tokens per sentence (0 = --max-length)")
      ->capture_default_str();
  cmd->add_option("--pooling", a.pooling, "Training pooling: auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember(auto_or(option_names<Pooling>())))
      ->capture_default_str();
  cmd->add_option("--eval-pooling", a.eval_pooling, "Dev/saved pooling: auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember(auto_or(option_names<Pooling>())))
      ->capture_default_str();
  cmd->add_option("--teacher-pooling", a.teacher_pooling, "auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember(auto_or(option_names<Pooling>())))
      ->capture_default_str();
}

// Which lists, in which order, how many times.
void add_schedule_options(CLI::App* cmd, TrainOptions& o) {
  cmd->add_option("--epochs", o.epochs)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--fraction", o.fraction,
                  "Share of the lists used, in (0, 1] (Fig. 3b): the first round(F x lists) of a permutation drawn "
                  "from --seed, so one seed's shares are nested")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed)->capture_default_str();
}

// Dev evaluation and model selection: which checkpoint becomes --output.
void add_selection_options(CLI::App* cmd, TrainOptions& o) {
  cmd->add_option("--eval-every", o.eval_every, "Dev scores every N steps (0 = at the end only)")
      ->capture_default_str();
  add_enum(cmd, "--select", o.select,
           "Dev score that picks --output: stsb | stsb-sickr (mean of STS-B and SICK-R dev, the released trainer)");
  cmd->add_option("--start-competes", o.start_competes,
                  "yes: the starting checkpoint is a candidate | no: only trained ones (the released trainer)")
      ->transform(CLI::CheckedTransformer(yes_no))
      ->default_str(o.start_competes ? "yes" : "no");
}

// Where the run stops and how it continues, the hardware it runs on
// (threads, device, dtype, data-parallel ranks) and its progress lines.
void add_run_options(CLI::App* cmd, TrainArgs& a) {
  auto& o = a.o;
  cmd->add_option("--max-steps", o.max_steps, "Stop after N steps (0 = all)")->capture_default_str();
  cmd->add_flag("--resume", o.resume, "Continue from OUTPUT.train/last (weights, optimizer, position)");
  cmd->add_option("--threads", a.threads, "CPU threads (0 = LibTorch's default)");
  cmd->add_option("--device", o.device, "cpu | cuda | cuda:N (student and teacher)")->capture_default_str();
  // float16 is refused with the reason rather than as an unknown name: CLI11
  // runs the transform added last first.
  cmd->add_option("--dtype", o.precision,
                  "float32 | bfloat16 (mixed precision: forward passes under autocast, float32 weights)")
      ->transform(CLI::CheckedTransformer(option_map<Precision>()))
      ->transform(CLI::Validator(
          [](std::string& name) {
            return name == "float16" ? "training in float16 needs loss scaling, which train does not do; use bfloat16"
                                     : "";
          },
          "", "precision"))
      ->default_str(std::string(option_name(o.precision)));
  cmd->add_option("--lists-per-step", o.lists_per_step,
                  "Lists per step, all ranks together (default: 1 per rank; the paper: 1)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--nproc", a.nproc, "Data-parallel ranks started over loopback (torch.distributed, Gloo)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--dist-backend", o.dist_backend,
                  "auto | gloo | nccl (auto: NCCL for --device cuda when built with it)")
      ->capture_default_str();
  cmd->add_option("--dist-timeout", o.dist_timeout_s, "Seconds a rank waits for the others")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
}

// The parsed strings resolved into TrainOptions (encoder tiers, poolings).
void resolve_options(TrainArgs& a) {
  auto& o = a.o;
  o.model = resolve_encoder(a.model);
  o.lists = a.lists;
  o.output = a.output;
  o.teacher = resolve_encoder(a.teacher);
  o.teacher_cache = a.teacher_cache;
  o.use_teacher_cache = !a.no_teacher_cache;
  o.data = data_dir(a.data);
  o.show_progress = !a.quiet;
  auto pick = [](const std::string& name) {
    return name == "auto" ? std::nullopt : std::optional(parse_pooling(name));
  };
  o.pooling = pick(a.pooling);
  o.eval_pooling = pick(a.eval_pooling);
  o.teacher_pooling = pick(a.teacher_pooling);
}

void print_summary(const TrainArgs& a, const TrainSummary& s) {
  const auto state = train_state_dir(a.output);
  fmt::print(
      "steps {}, lists used {} ({} rejected skipped); dev ({}) Spearman {:.2f} -> {:.2f} at step {}{}\n"
      "recipe: {}\nteacher similarities: {}\nselected checkpoint: {}\nlog: {}\nselection rules: {}\n",
      s.steps, s.lists_used, s.lists_rejected, option_name(a.o.select), s.initial_dev, s.best_dev, s.best_step,
      s.best_step == 0 ? " (the start)" : "", s.recipe,
      a.o.use_teacher_cache ? fmt::format("{} lists from the cache, {} computed", s.teacher_cached, s.teacher_computed)
                            : std::string("no cache"),
      a.output, (state / "log.csv").string(), (state / "selection.json").string());
}

void run_train(TrainArgs& a) {
  check_train_numbers(a.o);
  // --nproc N: this command again as N ranks (unless this is one of them).
  if (a.nproc > 1 && !std::getenv("WORLD_SIZE")) {
    const int code = launch_ranks(a.nproc);
    if (code == 130) throw Interrupted("training interrupted, state saved; --resume continues");
    if (code != 0) std::exit(code);
    return;
  }
  set_torch_threads(a.threads);
  resolve_options(a);
  InterruptScope interrupt;
  auto s = train(a.o, interrupt.flag());
  // Rank 0 alone evaluated and saved: the others have nothing to report.
  const char* rank = std::getenv("RANK");
  if (rank && std::string(rank) != "0") {
    if (s.interrupted) throw Interrupted("training interrupted, state saved; --resume continues");
    return;
  }
  print_summary(a, s);
  if (s.interrupted) throw Interrupted("training interrupted, state saved; --resume continues");
}

}  // namespace

void add_train_command(CLI::App& app) {
  static TrainArgs a;
  auto* cmd = app.add_subcommand("train", "Post-train an encoder on ranking lists (refined targets + ListMLE)");
  add_input_options(cmd, a);
  add_loss_options(cmd, a.o.loss);
  add_optimiser_options(cmd, a.o);
  add_encoding_options(cmd, a);
  add_schedule_options(cmd, a.o);
  add_selection_options(cmd, a.o);
  add_run_options(cmd, a);
  cmd->callback([] { run_train(a); });
}

}  // namespace ranksent::cli
