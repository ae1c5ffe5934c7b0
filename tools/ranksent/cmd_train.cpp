// `ranksent train`: post-train an encoder on ranking lists (docs/method.md section 3).
#include <cmath>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include <fmt/core.h>

#include "commands.h"
#include "rank_launcher.h"
#include "ranksent/common/interrupt.h"
#include "ranksent/error.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"
#include "ranksent/train/trainer.h"

namespace ranksent::cli {

namespace {
std::string default_data_dir() {
  if (const char* d = std::getenv("RANKSENT_DATA"); d && *d) return d;
  return "../shared/data";
}
}  // namespace

void add_train_command(CLI::App& app) {
  static TrainOptions o;
  static std::string model = default_encoder().path.string(), lists, output, teacher, data = default_data_dir();
  static int threads = 0, nproc = 1;
  static std::string pooling = "auto", eval_pooling = "auto", teacher_pooling = "auto";
  static bool quiet = false;
  auto* cmd = app.add_subcommand("train", "Post-train an encoder on ranking lists (refined targets + ListMLE)");
  cmd->add_option("--model", model, "Starting checkpoint: Hugging Face model directory")->capture_default_str();
  cmd->add_option("--lists", lists, "lists.jsonl from `ranksent generate` (rejected lists are skipped)")->required();
  cmd->add_option("--output", output, "Directory for the best checkpoint (state goes to OUTPUT.train/)")->required();
  cmd->add_option("--teacher", teacher, "Frozen teacher model directory (default: a frozen copy of --model)");
  cmd->add_option("--data", data, "Evaluation data root holding STSBenchmark/ (dev split for model selection)")
      ->capture_default_str();
  static const std::map<std::string, TargetKind> targets = {
      {"refined", TargetKind::Refined}, {"rank", TargetKind::Rank}, {"semantic", TargetKind::Semantic}};
  static const std::map<std::string, RefineMode> refine = {{"paper", RefineMode::Paper}, {"literal", RefineMode::Literal}};
  static const std::map<std::string, LrSchedule> schedules = {{"linear", LrSchedule::Linear},
                                                              {"constant", LrSchedule::Constant}};
  cmd->add_option("--targets", o.targets, "refined | rank (ablation d) | semantic (ablation e)")
      ->transform(CLI::CheckedTransformer(targets))->default_str("refined");
  cmd->add_option("--refine", o.refine, "paper (Eq. 6) | literal (Algorithm 1 as printed)")
      ->transform(CLI::CheckedTransformer(refine))->default_str("paper");
  cmd->add_option("--omega", o.omega, "Refinement strength (appendix C: 0.7 for SynCSE, else 0.5)")->capture_default_str();
  cmd->add_option("--tau", o.tau, "Student temperature")->capture_default_str();
  cmd->add_option("--teacher-tau", o.teacher_tau, "Teacher temperature tau_t")->capture_default_str();
  cmd->add_option("--lr", o.lr, "Adam learning rate")->capture_default_str();
  cmd->add_option("--lr-schedule", o.lr_schedule, "linear (decay to 0) | constant")
      ->transform(CLI::CheckedTransformer(schedules))->default_str("linear");
  cmd->add_option("--max-grad-norm", o.max_grad_norm, "Gradient clipping (0 = off)")->capture_default_str();
  cmd->add_option("--max-length", o.max_length, "Tokens per sentence")->capture_default_str();
  cmd->add_option("--pooling", pooling, "Training pooling: auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember({"auto", "cls", "cls_before_pooler", "mean"}))->capture_default_str();
  cmd->add_option("--eval-pooling", eval_pooling, "Dev/saved pooling: auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember({"auto", "cls", "cls_before_pooler", "mean"}))->capture_default_str();
  cmd->add_option("--teacher-pooling", teacher_pooling, "auto | cls | cls_before_pooler | mean")
      ->check(CLI::IsMember({"auto", "cls", "cls_before_pooler", "mean"}))->capture_default_str();
  cmd->add_option("--epochs", o.epochs)->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--fraction", o.fraction, "Share of the lists used (Fig. 3b)")->capture_default_str();
  cmd->add_option("--seed", o.seed)->capture_default_str();
  cmd->add_option("--eval-every", o.eval_every, "STS-B dev every N steps (0 = at the end only)")->capture_default_str();
  cmd->add_option("--max-steps", o.max_steps, "Stop after N steps (0 = all)")->capture_default_str();
  cmd->add_flag("--resume", o.resume, "Continue from OUTPUT.train/last (weights, optimizer, position)");
  cmd->add_option("--threads", threads, "CPU threads (0 = LibTorch's default)");
  cmd->add_option("--device", o.device, "cpu | cuda | cuda:N (student and teacher)")->capture_default_str();
  cmd->add_option("--dtype", o.dtype,
                  "float32 | bfloat16 (mixed precision: forward passes under autocast, float32 weights)")
      ->capture_default_str();
  cmd->add_option("--lists-per-step", o.lists_per_step,
                  "Lists per step, all ranks together (default: 1 per rank; the paper: 1)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--nproc", nproc, "Data-parallel ranks started over loopback (torch.distributed, Gloo)")
      ->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--dist-backend", o.dist_backend, "auto | gloo | nccl (auto: NCCL for --device cuda when built with it)")
      ->capture_default_str();
  cmd->add_option("--dist-timeout", o.dist_timeout_s, "Seconds a rank waits for the others")
      ->check(CLI::Range(1, 86400))->capture_default_str();
  cmd->add_flag("--quiet", quiet, "No progress lines");
  cmd->callback([] {
    // NaN passes every comparison, so each bound is written as what must hold.
    auto need = [](bool ok, const char* what) {
      if (!ok) throw UsageError(what);
    };
    need(std::isfinite(o.omega) && o.omega >= 0, "--omega must be a number >= 0");
    need(std::isfinite(o.tau) && o.tau > 0, "--tau must be a number > 0");
    need(std::isfinite(o.teacher_tau) && o.teacher_tau > 0, "--teacher-tau must be a number > 0");
    need(std::isfinite(o.lr) && o.lr > 0, "--lr must be a number > 0");
    need(std::isfinite(o.max_grad_norm) && o.max_grad_norm >= 0, "--max-grad-norm must be a number >= 0");
    // --nproc N: this command again as N ranks (unless this is one of them).
    if (nproc > 1 && !std::getenv("WORLD_SIZE")) {
      const int code = launch_ranks(nproc);
      if (code == 130) throw Interrupted("training interrupted, state saved; --resume continues");
      if (code != 0) std::exit(code);
      return;
    }
    set_torch_threads(threads);
    o.model = model;
    o.lists = lists;
    o.output = output;
    o.teacher = teacher;
    o.data = data;
    o.show_progress = !quiet;
    auto pick = [](const std::string& name) { return name == "auto" ? std::nullopt : std::optional(parse_pooling(name)); };
    o.pooling = pick(pooling);
    o.eval_pooling = pick(eval_pooling);
    o.teacher_pooling = pick(teacher_pooling);
    InterruptScope interrupt;
    auto s = train(o, interrupt.flag());
    // Rank 0 alone evaluated and saved: the others have nothing to report.
    const char* rank = std::getenv("RANK");
    if (rank && std::string(rank) != "0") {
      if (s.interrupted) throw Interrupted("training interrupted, state saved; --resume continues");
      return;
    }
    fmt::print("steps {}, lists used {} ({} rejected skipped); STS-B dev Spearman {:.2f} -> best {:.2f} at step {}\n"
               "best checkpoint: {}\nlog: {}\n",
               s.steps, s.lists_used, s.lists_rejected, s.initial_dev, s.best_dev, s.best_step, output,
               (train_state_dir(output) / "log.csv").string());
    if (s.interrupted) throw Interrupted("training interrupted, state saved; --resume continues");
  });
}

}  // namespace ranksent::cli
