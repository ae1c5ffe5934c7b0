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

// What ListMLE orders each row by (docs/method.md sections 3.2, 3.4).
enum class TargetKind {
  Refined,   // PhiHat of Eq. 6-7 (the method)
  Rank,      // ablation (d): the list order itself
  Semantic,  // ablation (e): PhiHat = Phi
};

enum class RefineMode {
  Paper,    // Delta[j][k] = S_j[r(k)] - Phi[j][k]: the value the item should have at its rank, minus its own
  Literal,  // Algorithm 1 as printed: Delta[j][k] = Phi[j][k] - Phi[j][j + p(k)], p(k) = its sorted position
};

enum class LrSchedule { Linear, Constant };

struct TrainOptions {
  std::filesystem::path model;    // starting checkpoint (student)
  std::filesystem::path lists;    // lists.jsonl of `ranksent generate`
  std::filesystem::path output;   // best checkpoint, a model directory
  std::filesystem::path teacher;  // frozen teacher; empty = a frozen copy of `model`
  std::string device = "cpu";     // student and teacher (Encoder::place); "cuda" on N ranks: cuda:LOCAL_RANK
  std::string dtype = "float32";  // bfloat16: forward passes under autocast, float32 weights (mixed precision)
  std::filesystem::path data;     // evaluation data root (STS-B dev for model selection)

  TargetKind targets = TargetKind::Refined;
  RefineMode refine = RefineMode::Paper;
  // Poolings; nullopt = auto (training_pooling / evaluation_pooling below).
  std::optional<Pooling> pooling;          // the student's in training
  std::optional<Pooling> eval_pooling;     // dev evaluation and the saved model
  std::optional<Pooling> teacher_pooling;
  double omega = 0.5;                // appendix C: 0.7 for SynCSE, 0.5 otherwise
  double tau = 0.05;                 // student temperature (our choice; the paper is silent)
  double teacher_tau = 0.05;         // tau_t, as the authors' code
  double lr = 3e-5;                  // appendix C (the authors' scripts use 3e-6)
  LrSchedule lr_schedule = LrSchedule::Linear;  // linear decay to 0 (the SimCSE/HF trainer default)
  double max_grad_norm = 1.0;        // HF trainer default; 0 = no clipping
  std::size_t max_length = 32;       // tokens per sentence (appendix C)
  int epochs = 1;
  // Lists per optimisation step, all ranks together (the paper: 1). Their
  // losses are averaged; with N ranks (torchrun's RANK, WORLD_SIZE,
  // MASTER_ADDR, MASTER_PORT, or `train --nproc N`) each rank takes
  // lists_per_step / N of them and the gradients are summed over ranks.
  int lists_per_step = 0;            // 0: one list per rank
  int dist_timeout_s = 300;          // a collective waits this long for a stopped rank
  std::string dist_backend = "auto"; // auto | gloo | nccl (auto: NCCL for CUDA weights when built with it)
  double fraction = 1.0;             // share of the lists used (Fig. 3b)
  std::uint64_t seed = 42;
  int eval_every = 25;               // STS-B dev every N steps; 0 = only at the end
  std::int64_t max_steps = 0;        // stop after this many steps (0 = all)
  bool resume = false;
  bool show_progress = true;
};

struct TrainSummary {
  std::int64_t steps = 0;
  std::size_t lists_used = 0;
  std::size_t lists_rejected = 0;   // skipped: verification refused them
  double initial_dev = 0;           // STS-B dev Spearman x 100 before training
  double best_dev = 0;
  std::int64_t best_step = 0;
  bool interrupted = false;         // stopped early by `stop`; --resume continues
};

// auto poolings: a mean-pooling model (1_Pooling says so) trains and is
// evaluated with mean pooling; otherwise SimCSE's mlp_only_train: [CLS]
// through the pooler MLP in training, the raw [CLS] state at evaluation.
Pooling training_pooling(const Encoder& e, std::optional<Pooling> flag);
Pooling evaluation_pooling(const Encoder& e, std::optional<Pooling> flag);

// Where the trainer keeps its state beside the output directory:
// <output>.train/ holds log.csv (step, loss, lr, dev), state.json, the
// optimizer state and last/ (the latest checkpoint, for --resume).
std::filesystem::path train_state_dir(const std::filesystem::path& output);

// `stop` (optional) is polled after every step: when set, the trainer saves
// its state and returns, and --resume continues from there.
TrainSummary train(const TrainOptions& options, const std::atomic<bool>* stop = nullptr);


}  // namespace ranksent
