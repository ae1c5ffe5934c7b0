// Seconds per post-training step (one ranking list, default encoder,
// dropout on): teacher similarities, refinement, student forward, ListMLE,
// backward, clipping, Adam. Prints one JSON line; bench/train_step_vs_pytorch.sh
// compares it with the same step in PyTorch. With --teacher-cache DIR the
// step with the teacher run and the step with its similarities read from a
// warm cache (docs/training.md, "Teacher cache") are timed in alternating
// rounds of --steps each, in one process, and both are printed.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "encode/encoder_impl.h"
#include "ranksent/models.h"
#include "ranksent/tensor/torch_info.h"
#include "train/mixed_precision.h"
#include "train/optimisation_step.h"
#include "train/teacher_cache.h"

int main(int argc, char** argv) {
  std::string model = ranksent::default_encoder().path.string(), list_path, device = "cpu", dtype = "float32";
  std::string cache_dir;
  int steps = 10, threads = 2, rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--model") model = v;
    else if (k == "--list") list_path = v;
    else if (k == "--steps") steps = std::stoi(v);
    else if (k == "--threads") threads = std::stoi(v);
    else if (k == "--device") device = v;
    else if (k == "--dtype") dtype = v;
    else if (k == "--teacher-cache") cache_dir = v;
    else if (k == "--rounds") rounds = std::stoi(v);
  }
  if (list_path.empty()) {
    std::fprintf(stderr,
                 "usage: bench_train_step --list list.json [--model DIR] [--steps 10] [--threads 2] [--device cpu] "
                 "[--dtype float32] [--teacher-cache DIR [--rounds 3]]\n");
    return 2;
  }
  ranksent::set_torch_threads(threads);
  std::vector<std::string> list = nlohmann::json::parse(std::ifstream(list_path));
  auto student = ranksent::Encoder::load(model), teacher = ranksent::Encoder::load(model);
  student.place(device);
  teacher.place(device);
  teacher.impl().model->eval();
  student.impl().model->train();
  ranksent::ListLossOptions opt;
  opt.student_pooling = opt.teacher_pooling = ranksent::Pooling::Mean;
  opt.autocast = ranksent::training_autocast_dtype(dtype);
  torch::optim::Adam adam(student.impl().model->parameters(), torch::optim::AdamOptions(3e-5));
  ranksent::optimisation_step(student.impl(), teacher.impl(), list, adam, opt, 3e-5, 1.0);  // warm-up
  if (!cache_dir.empty()) {
    // The same step (the StepList path the trainer takes) with and without the cache, alternating.
    ranksent::TeacherCache cache(cache_dir, {model, opt.teacher_pooling, 32, dtype, device.substr(0, 4)});
    const std::vector<ranksent::StepList> one = {{&list, 0}};
    ranksent::optimisation_step(student.impl(), teacher.impl(), &cache, one, 1, 42, adam, opt, 3e-5, 1.0);  // warm
    double with_teacher = 0, with_cache = 0;
    for (int r = 0; r < rounds; ++r)
      for (ranksent::TeacherCache* c : {static_cast<ranksent::TeacherCache*>(nullptr), &cache}) {
        auto t = std::chrono::steady_clock::now();
        for (int s = 0; s < steps; ++s)
          ranksent::optimisation_step(student.impl(), teacher.impl(), c, one, 1, 42, adam, opt, 3e-5, 1.0);
        (c ? with_cache : with_teacher) += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
      }
    const double n = double(steps) * rounds;
    std::printf("{\"sentences\": %zu, \"device\": \"%s\", \"seconds_per_step_teacher\": %.5f, "
                "\"seconds_per_step_cached\": %.5f, \"cache_hits\": %zu}\n",
                list.size(), device.c_str(), with_teacher / n, with_cache / n, cache.hits());
    return 0;
  }
  auto t0 = std::chrono::steady_clock::now();
  for (int s = 0; s < steps; ++s) ranksent::optimisation_step(student.impl(), teacher.impl(), list, adam, opt, 3e-5, 1.0);
  double per = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / steps;
  // A GPU runs asynchronously: the loss's item() in each step synchronises.
  std::printf("{\"sentences\": %zu, \"device\": \"%s\", \"dtype\": \"%s\", \"seconds_per_step\": %.5f}\n",
              list.size(), device.c_str(), dtype.c_str(), per);
  return 0;
}
