// Post-training of a sentence encoder on ranking lists (METHOD.md section 3):
// one list per optimisation step, teacher similarities refined with rank
// information (Eq. 6-7) as ListMLE targets for the student's scores.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

struct TrainOptions {
  std::filesystem::path model;    // starting checkpoint (student)
  std::filesystem::path lists;    // lists.jsonl of `ranksent generate`
  std::filesystem::path output;   // best checkpoint, a model directory
  std::filesystem::path teacher;  // frozen teacher; empty = a frozen copy of `model`
  std::filesystem::path data;     // evaluation data root (STS-B dev for model selection)

  std::string targets = "refined";   // refined | rank (ablation d) | semantic (ablation e)
  std::string refine = "paper";      // paper | literal (Algorithm 1 as printed)
  std::string pooling = "auto";      // training pooling of the student; auto: see trainer.cpp
  std::string eval_pooling = "auto"; // pooling for dev evaluation and the saved model
  std::string teacher_pooling = "auto";
  double omega = 0.5;                // appendix C: 0.7 for SynCSE, 0.5 otherwise
  double tau = 0.05;                 // student temperature (our choice; the paper is silent)
  double teacher_tau = 0.05;         // tau_t, as the authors' code
  double lr = 3e-5;                  // appendix C (the authors' scripts use 3e-6)
  std::string lr_schedule = "linear";  // linear decay to 0 (the SimCSE/HF trainer default) | constant
  double max_grad_norm = 1.0;        // HF trainer default; 0 = no clipping
  std::size_t max_length = 32;       // tokens per sentence (appendix C)
  int epochs = 1;
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

// Where the trainer keeps its state beside the output directory:
// <output>.train/ holds log.csv (step, loss, lr, dev), state.json, the
// optimizer state and last/ (the latest checkpoint, for --resume).
std::filesystem::path train_state_dir(const std::filesystem::path& output);

// `stop` (optional) is polled after every step: when set, the trainer saves
// its state and returns, and --resume continues from there.
TrainSummary train(const TrainOptions& options, const std::atomic<bool>* stop = nullptr);

// Ranking lists kept by verification, read from lists.jsonl; rejected
// lists are counted in `rejected`. Malformed lines and lists of fewer than
// three sentences are InputErrors naming the line.
std::vector<std::vector<std::string>> read_training_lists(const std::filesystem::path& path, std::size_t* rejected);

}  // namespace ranksent
