// Post-training of a sentence encoder on ranking lists (docs/method.md section 3):
// one list per optimisation step, teacher similarities refined with rank
// information (Eq. 6-7) as ListMLE targets for the student's scores.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ranksent/encode/encoder.h"

namespace ranksent {

// What the loss of one list depends on (docs/method.md sections 3.1-3.4).
struct LossOptions {
  TargetKind targets = TargetKind::Refined;
  RefineMode refine = RefineMode::Paper;          // docs/method.md's reading; `released` is the authors' code
  ListMleRows listmle_rows = ListMleRows::Whole;  // Eq. 8 and the released code rank the whole row
  double omega = 0.5;                             // appendix C: 0.7 for SynCSE, 0.5 otherwise
  double tau = 0.05;                              // student temperature (our choice; the paper is silent)
  double teacher_tau = 0.05;                      // tau_t: our choice (the released code's is undefined)
  std::size_t max_length = 32;                    // student tokens per sentence (appendix C)
  // The teacher's tokens per sentence; 0 = max_length (the released teacher reads the student's tokens).
  std::size_t teacher_max_length = 0;
  std::size_t teacher_length() const { return teacher_max_length > 0 ? teacher_max_length : max_length; }
};

struct TrainOptions {
  std::filesystem::path model;    // starting checkpoint (student)
  std::filesystem::path lists;    // lists.jsonl of `ranksent generate`
  std::filesystem::path output;   // best checkpoint, a model directory
  std::filesystem::path teacher;  // frozen teacher; empty = a frozen copy of `model`
  // Teacher similarities computed once per list and kept here (src/train/teacher_cache.h);
  // empty = $RANKSENT_CACHE/teacher-sims. Off: no cache, the teacher runs every step.
  std::filesystem::path teacher_cache;
  bool use_teacher_cache = true;
  std::string device = "cpu";                // student and teacher (Encoder::place); "cuda" on N ranks: cuda:LOCAL_RANK
  Precision precision = Precision::Float32;  // bfloat16: forward passes under autocast, float32 weights
  std::filesystem::path data;                // evaluation data root (STS-B dev, SICK-R trial for model selection)

  LossOptions loss;
  // Poolings; nullopt = auto (training_pooling / evaluation_pooling below).
  std::optional<Pooling> pooling;       // the student's in training
  std::optional<Pooling> eval_pooling;  // dev evaluation and the saved model
  std::optional<Pooling> teacher_pooling;
  double lr = 3e-5;                             // appendix C (the authors' scripts use 3e-6)
  LrSchedule lr_schedule = LrSchedule::Linear;  // linear decay to 0 (the SimCSE/HF trainer default)
  double max_grad_norm = 1.0;                   // HF trainer default; 0 = no clipping
  int epochs = 1;
  // Lists per optimisation step, all ranks together (the paper: 1). Their
  // losses are averaged; with N ranks (torchrun's RANK, WORLD_SIZE,
  // MASTER_ADDR, MASTER_PORT, or `train --nproc N`) each rank takes
  // lists_per_step / N of them and the gradients are summed over ranks.
  int lists_per_step = 0;             // 0: one list per rank
  int dist_timeout_s = 300;           // a collective waits this long for a stopped rank
  std::string dist_backend = "auto";  // auto | gloo | nccl (auto: NCCL for CUDA weights when built with it)
  double fraction = 1.0;              // share of the lists used (Fig. 3b)
  std::uint64_t seed = 42;
  int eval_every = 25;  // dev scores every N steps (the released trainer: 25); 0 = at the end only
  // Model selection: both dev scores are logged and both metrics' best
  // trained checkpoints kept; these pick the one saved as `output`.
  SelectMetric select = SelectMetric::StsbSickr;  // the released trainer's metric_for_best_model avg_sts
  bool start_competes = false;                    // the released trainer: only trained checkpoints compete
  std::int64_t max_steps = 0;                     // stop after this many steps (0 = all)
  bool resume = false;
  bool show_progress = true;
};

struct TrainSummary {
  std::int64_t steps = 0;
  std::size_t lists_used = 0;
  std::size_t lists_rejected = 0;    // skipped: verification refused them
  double initial_dev = 0;            // the selection metric's dev score before training
  double best_dev = 0;               // ... of the checkpoint saved as `output`
  std::int64_t best_step = 0;        // its step (0 = the starting checkpoint)
  std::size_t teacher_cached = 0;    // lists whose teacher similarities came from the cache
  std::size_t teacher_computed = 0;  // lists the teacher embedded (and stored in the cache)
  bool interrupted = false;          // stopped early by `stop`; --resume continues
  std::string recipe;                // teacher, targets, rows, selection in one line (recipe.json)
};

// auto poolings: a mean-pooling model (1_Pooling says so) trains and is
// evaluated with mean pooling; otherwise SimCSE's mlp_only_train: [CLS]
// through the pooler MLP in training, the raw [CLS] state at evaluation.
Pooling training_pooling(const Encoder& e, std::optional<Pooling> flag);
Pooling evaluation_pooling(const Encoder& e, std::optional<Pooling> flag);

// Where the trainer keeps its state beside the output directory:
// <output>.train/ holds log.csv (step, loss, lr, dev scores), selection.json
// (each selection rule's pick), best-stsb/ and best-stsb-sickr/ (each
// metric's best trained checkpoint), and last/ (the latest checkpoint:
// model, optimizer state, state.json, for --resume).
std::filesystem::path train_state_dir(const std::filesystem::path& output);

// `stop` (optional) is polled after every step: when set, the trainer saves
// its state and returns, and --resume continues from there.
// The numbers of `options` in range (OptionError naming the field, e.g.
// "loss.omega: must be a number >= 0"); train() checks them first.
void check_train_numbers(const TrainOptions& options);

TrainSummary train(const TrainOptions& options, const std::atomic<bool>* stop = nullptr);

}  // namespace ranksent
