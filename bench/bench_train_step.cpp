// Seconds per post-training step (one ranking list, default encoder,
// dropout on): teacher similarities, refinement, student forward, ListMLE,
// backward, clipping, Adam. Prints one JSON line; bench/train_step_vs_pytorch.sh
// compares it with the same step in PyTorch. With --teacher-cache DIR the
// step with the teacher run and the step with its similarities read from a
// warm cache (docs/training.md, "Teacher cache") are timed in alternating
// rounds of --steps each, in one process, and both are printed. With
// --phases 1 each phase of the step is timed on its own (docs/results/README.md,
// "Where a training step's time goes"), with the list's real and padded
// token counts.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ranksent/common/phase_profile.h"
#include "ranksent/encode/encoder_tensors.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"
#include "train/fused_adam.h"
#include "train/listmle.h"
#include "train/mixed_precision.h"
#include "train/optimisation_step.h"
#include "train/teacher_cache.h"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The step of optimisation_step, phase by phase: teacher similarities,
// targets, tokenising, the student's forward pass, the loss, backward,
// clipping, Adam. Prints one JSON line of mean seconds per phase.
void profile_phases(const ranksent::Encoder& student, const ranksent::Encoder& teacher,
                    const std::vector<std::string>& list, torch::optim::Adam& adam,
                    const ranksent::ListLossOptions& opt, int steps) {
  const char* names[] = {"teacher", "targets", "tokenize", "student_forward", "loss", "backward", "clip", "adam"};
  double t[8] = {};
  std::int64_t real = 0, padded = 0;
  for (int s = 0; s < steps; ++s) {
    auto c = Clock::now();
    auto phi = ranksent::teacher_similarities(teacher, list, opt);
    t[0] += since(c), c = Clock::now();
    auto targets = ranksent::list_targets(phi, opt);
    t[1] += since(c), c = Clock::now();
    auto [ids, mask] = ranksent::tokenize_batch(student, list, opt.loss.max_length);
    real = mask.sum().item<std::int64_t>(), padded = mask.numel();
    t[2] += since(c), c = Clock::now();
    ranksent::phase_profile::enable(true);  // the student's forward pass, phase by phase (stderr)
    auto e = ranksent::embed_batch(student, ids, mask, opt.student_pooling);
    ranksent::phase_profile::enable(false);
    t[3] += since(c), c = Clock::now();
    auto loss = ranksent::listmle_loss(ranksent::cosine_matrix(e) / opt.loss.tau, targets, opt.loss.listmle_rows);
    loss.item<double>();
    t[4] += since(c), c = Clock::now();
    adam.zero_grad();
    loss.backward();
    t[5] += since(c), c = Clock::now();
    torch::nn::utils::clip_grad_norm_(ranksent::parameters(student), 1.0);
    t[6] += since(c), c = Clock::now();
    ranksent::fused_adam_step(adam);
    t[7] += since(c);
  }
  std::string line = "{\"sentences\": " + std::to_string(list.size()) + ", \"tokens\": " + std::to_string(real) +
                     ", \"padded_tokens\": " + std::to_string(padded);
  double total = 0;
  for (int i = 0; i < 8; ++i) {
    line += ", \"" + std::string(names[i]) + "\": " + std::to_string(t[i] / steps);
    total += t[i] / steps;
  }
  std::printf("%s, \"seconds_per_step\": %.5f}\n", line.c_str(), total);
  std::fprintf(stderr, "student forward, summed over %d steps:\n%s", steps,
               ranksent::phase_profile::markdown(t[3]).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string model = ranksent::default_encoder().path.string(), list_path, device = "cpu", dtype = "float32";
  std::string cache_dir;
  int steps = 10, threads = 2, rounds = 3, phases = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--model")
      model = v;
    else if (k == "--list")
      list_path = v;
    else if (k == "--steps")
      steps = std::stoi(v);
    else if (k == "--threads")
      threads = std::stoi(v);
    else if (k == "--device")
      device = v;
    else if (k == "--dtype")
      dtype = v;
    else if (k == "--teacher-cache")
      cache_dir = v;
    else if (k == "--rounds")
      rounds = std::stoi(v);
    else if (k == "--phases")
      phases = std::stoi(v);
  }
  if (list_path.empty()) {
    std::fprintf(stderr,
                 "usage: bench_train_step --list list.json [--model DIR] [--steps 10] [--threads 2] [--device cpu] "
                 "[--dtype float32] [--teacher-cache DIR [--rounds 3]] [--phases 1]\n");
    return 2;
  }
  ranksent::set_torch_threads(threads);
  std::vector<std::string> list = nlohmann::json::parse(std::ifstream(list_path));
  auto student = ranksent::Encoder::load(model), teacher = ranksent::Encoder::load(model);
  student.place(device);
  teacher.place(device);
  ranksent::freeze(teacher);
  ranksent::set_training(student, true);
  ranksent::ListLossOptions opt;
  opt.student_pooling = opt.teacher_pooling = ranksent::Pooling::Mean;
  opt.autocast = ranksent::training_autocast_dtype(ranksent::parse_option<ranksent::Precision>(dtype, "dtype"));
  torch::optim::Adam adam(ranksent::parameters(student), torch::optim::AdamOptions(3e-5));
  ranksent::optimisation_step(student, teacher, list, adam, opt, 3e-5, 1.0);  // warm-up
  if (phases) {
    profile_phases(student, teacher, list, adam, opt, steps);
    return 0;
  }
  if (!cache_dir.empty()) {
    // The same step (the StepList path the trainer takes) with and without the cache, alternating.
    ranksent::TeacherCache cache(cache_dir, {model, opt.teacher_pooling, 32, dtype, device.substr(0, 4)});
    const std::vector<ranksent::StepList> one = {{&list, 0}};
    ranksent::optimisation_step(student, teacher, &cache, one, 1, 42, adam, opt, 3e-5, 1.0);  // warm
    double with_teacher = 0, with_cache = 0;
    for (int r = 0; r < rounds; ++r)
      for (ranksent::TeacherCache* c : {static_cast<ranksent::TeacherCache*>(nullptr), &cache}) {
        auto t = std::chrono::steady_clock::now();
        for (int s = 0; s < steps; ++s)
          ranksent::optimisation_step(student, teacher, c, one, 1, 42, adam, opt, 3e-5, 1.0);
        (c ? with_cache : with_teacher) += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
      }
    const double n = double(steps) * rounds;
    std::printf(
        "{\"sentences\": %zu, \"device\": \"%s\", \"seconds_per_step_teacher\": %.5f, "
        "\"seconds_per_step_cached\": %.5f, \"cache_hits\": %zu}\n",
        list.size(), device.c_str(), with_teacher / n, with_cache / n, cache.hits());
    return 0;
  }
  auto t0 = std::chrono::steady_clock::now();
  for (int s = 0; s < steps; ++s) ranksent::optimisation_step(student, teacher, list, adam, opt, 3e-5, 1.0);
  double per = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / steps;
  // A GPU runs asynchronously: the loss's item() in each step synchronises.
  std::printf("{\"sentences\": %zu, \"device\": \"%s\", \"dtype\": \"%s\", \"seconds_per_step\": %.5f}\n", list.size(),
              device.c_str(), dtype.c_str(), per);
  return 0;
}
