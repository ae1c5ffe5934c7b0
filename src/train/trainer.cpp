#include "ranksent/train/trainer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "encode/encoder_impl.h"
#include "ranksent/common/progress.h"
#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "train/dev_evaluator.h"
#include "train/list_loss.h"
#include "train/optimisation_step.h"

namespace ranksent {

namespace fs = std::filesystem;

namespace {

// auto: a mean-pooling model (1_Pooling says so) trains and is evaluated with
// mean pooling; otherwise SimCSE's mlp_only_train: [CLS] through the pooler
// MLP in training, the raw [CLS] state at evaluation.
Pooling training_pooling(const Encoder& e, const std::string& flag) {
  if (flag != "auto") return parse_pooling(flag);
  if (e.default_pooling() == Pooling::Mean) return Pooling::Mean;
  return e.has_pooler() ? Pooling::Cls : Pooling::ClsBeforePooler;
}

Pooling evaluation_pooling(const Encoder& e, const std::string& flag) {
  if (flag != "auto") return parse_pooling(flag);
  return e.default_pooling() == Pooling::Mean ? Pooling::Mean : Pooling::ClsBeforePooler;
}

TargetKind parse_targets(const std::string& s) {
  if (s == "refined") return TargetKind::Refined;
  if (s == "rank") return TargetKind::Rank;
  if (s == "semantic") return TargetKind::Semantic;
  throw std::invalid_argument("unknown --targets '" + s + "' (refined, rank, semantic)");
}

RefineMode parse_refine(const std::string& s) {
  if (s == "paper") return RefineMode::Paper;
  if (s == "literal") return RefineMode::Literal;
  throw std::invalid_argument("unknown --refine '" + s + "' (paper, literal)");
}

// The saved directory states the pooling it was selected with, so that
// sentence-transformers and `ranksent eval` use it (only where the source
// directory had no sentence-transformers files of its own).
void write_pooling_files(const fs::path& dir, Pooling pooling, std::int64_t dim) {
  if (fs::exists(dir / "modules.json") || pooling == Pooling::Cls) return;
  nlohmann::json modules = nlohmann::json::array(
      {{{"idx", 0}, {"name", "0"}, {"path", ""}, {"type", "sentence_transformers.models.Transformer"}},
       {{"idx", 1}, {"name", "1"}, {"path", "1_Pooling"}, {"type", "sentence_transformers.models.Pooling"}}});
  nlohmann::json config = {{"word_embedding_dimension", dim},
                           {"pooling_mode_cls_token", pooling == Pooling::ClsBeforePooler},
                           {"pooling_mode_mean_tokens", pooling == Pooling::Mean},
                           {"pooling_mode_max_tokens", false},
                           {"pooling_mode_mean_sqrt_len_tokens", false}};
  fs::create_directories(dir / "1_Pooling");
  write_file_atomic(dir / "1_Pooling" / "config.json", config.dump(2));
  write_file_atomic(dir / "modules.json", modules.dump(2));
}

struct TrainerState {
  std::int64_t step = 0;
  double initial_dev = 0, best_dev = -1e9;
  std::int64_t best_step = 0;
};

// lists -> order of use: a seeded subset (--fraction), reshuffled each epoch.
struct ListSchedule {
  std::vector<std::size_t> subset;
  std::uint64_t seed;
  std::size_t at(std::int64_t step) const {
    const auto n = std::int64_t(subset.size());
    std::vector<std::size_t> order = subset;
    std::mt19937_64 rng(seed + std::uint64_t(step / n) * 7919);
    std::shuffle(order.begin(), order.end(), rng);
    return order[std::size_t(step % n)];
  }
};

}  // namespace

fs::path train_state_dir(const fs::path& output) {
  auto o = output;
  if (o.filename().empty()) o = o.parent_path();
  return o.parent_path() / (o.filename().string() + ".train");
}

TrainSummary train(const TrainOptions& opt, const std::atomic<bool>* stop) {
  std::size_t rejected = 0;
  auto lists = read_training_lists(opt.lists, &rejected);
  if (lists.empty()) throw InputError(opt.lists.string(), "no usable ranking list (all rejected or none present)");
  if (!(opt.fraction > 0 && opt.fraction <= 1)) throw std::invalid_argument("--fraction must be in (0, 1]");

  const fs::path state_dir = train_state_dir(opt.output);
  const fs::path last_dir = state_dir / "last";
  if (!opt.resume && fs::exists(state_dir / "last" / "state.json"))
    throw InputError(state_dir.string(), "an earlier run's state is here: pass --resume to continue it, or remove it");
  const bool resuming = opt.resume && fs::exists(last_dir / "state.json");

  auto student = Encoder::load(resuming ? last_dir / "model" : opt.model);
  auto teacher = Encoder::load(opt.teacher.empty() ? opt.model : opt.teacher);  // frozen
  teacher.impl().model->eval();
  for (auto& p : teacher.impl().model->parameters()) p.set_requires_grad(false);

  ListLossOptions loss_opt;
  loss_opt.targets = parse_targets(opt.targets);
  loss_opt.refine = parse_refine(opt.refine);
  loss_opt.omega = opt.omega;
  loss_opt.student_tau = opt.tau;
  loss_opt.teacher_tau = opt.teacher_tau;
  loss_opt.max_length = opt.max_length;
  loss_opt.student_pooling = training_pooling(student, opt.pooling);
  loss_opt.teacher_pooling = evaluation_pooling(teacher, opt.teacher_pooling);
  const Pooling eval_pool = evaluation_pooling(student, opt.eval_pooling);
  DevEvaluator dev(opt.data, eval_pool);

  ListSchedule schedule{{}, opt.seed};
  schedule.subset.resize(lists.size());
  std::iota(schedule.subset.begin(), schedule.subset.end(), 0);
  {
    std::mt19937_64 rng(opt.seed);
    std::shuffle(schedule.subset.begin(), schedule.subset.end(), rng);
    auto keep = std::max<std::size_t>(1, std::size_t(std::llround(opt.fraction * double(lists.size()))));
    schedule.subset.resize(std::min(keep, lists.size()));
  }
  std::int64_t total = std::int64_t(schedule.subset.size()) * opt.epochs;
  if (opt.max_steps > 0) total = std::min(total, opt.max_steps);

  auto& model = student.impl().model;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(opt.lr));
  TrainerState state;
  fs::create_directories(state_dir);
  const fs::path log_path = state_dir / "log.csv";
  if (resuming) {
    std::ifstream in(last_dir / "state.json");
    auto j = nlohmann::json::parse(in);
    state.step = j.at("step");
    state.initial_dev = j.at("initial_dev");
    state.best_dev = j.at("best_dev");
    state.best_step = j.at("best_step");
    torch::load(optimizer, (last_dir / "optimizer.pt").string());
    // The log keeps the rows up to the checkpoint; later ones are redone.
    std::ifstream log_in(log_path);
    std::string kept, row;
    while (std::getline(log_in, row))
      if (row.starts_with("step") || std::stoll(row.substr(0, row.find(','))) <= state.step) kept += row + "\n";
    write_file_atomic(log_path, kept);
    fmt::print(stderr, "resuming at step {} of {} (best dev {:.2f} at step {})\n", state.step, total, state.best_dev,
               state.best_step);
  } else {
    state.initial_dev = dev.spearman(student);
    state.best_dev = state.initial_dev;
    write_file_atomic(log_path, fmt::format("step,loss,lr,dev_spearman\n0,,{},{:.4f}\n", opt.lr, state.initial_dev));
    fmt::print(stderr, "lists: {} usable, {} rejected skipped, {} used; steps: {}; STS-B dev before: {:.2f}\n",
               lists.size(), rejected, schedule.subset.size(), total, state.initial_dev);
  }

  auto save_best = [&] {
    student.save(opt.output);
    write_pooling_files(opt.output, eval_pool, student.dim());
  };
  auto save_last = [&] {
    // One directory swapped in whole: model, optimizer and position agree.
    const fs::path fresh = state_dir / ".last.new";
    fs::remove_all(fresh);
    student.save(fresh / "model");
    {
      const auto tmp = fresh / "optimizer.pt.tmp";
      torch::save(optimizer, tmp.string());
      fs::rename(tmp, fresh / "optimizer.pt");
    }
    nlohmann::json j = {{"step", state.step}, {"initial_dev", state.initial_dev}, {"best_dev", state.best_dev},
                        {"best_step", state.best_step}, {"lists", opt.lists.string()}, {"seed", opt.seed}};
    write_file_atomic(fresh / "state.json", j.dump(2));
    const fs::path old = state_dir / ".last.old";
    fs::remove_all(old);
    if (fs::exists(last_dir)) fs::rename(last_dir, old);
    fs::rename(fresh, last_dir);
    fs::remove_all(old);
  };
  if (!resuming) save_best();  // the starting point is the first "best"

  Progress progress("train", std::size_t(total), "steps", opt.show_progress);
  progress.resume_at(std::size_t(state.step));
  double loss_ema = std::nan(""), last_dev = state.best_dev;
  std::string pending_log;
  bool interrupted = false;
  while (state.step < total) {
    if (stop && stop->load()) {
      // Flush the unlogged rows and checkpoint where we are.
      std::ofstream(log_path, std::ios::app) << pending_log;
      pending_log.clear();
      save_last();
      interrupted = true;
      fmt::print(stderr, "\ninterrupted after step {}; --resume continues from here\n", state.step);
      break;
    }
    const auto& list = lists[schedule.at(state.step)];
    // Dropout and tie-breaking draw from seeds fixed by the step, so a
    // resumed run repeats exactly what the uninterrupted one would do.
    torch::manual_seed(opt.seed * 1000003 + std::uint64_t(state.step));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(opt.seed * 7919 + std::uint64_t(state.step));
    model->train();  // dropout on
    // Linear decay to 0 over the run, as the SimCSE/HF trainer schedules it.
    const double lr = opt.lr_schedule == "constant" ? opt.lr : opt.lr * double(total - state.step) / double(total);
    const double l = optimisation_step(student.impl(), teacher.impl(), list, optimizer, loss_opt, lr, opt.max_grad_norm, gen);
    ++state.step;
    loss_ema = std::isnan(loss_ema) ? l : 0.95 * loss_ema + 0.05 * l;
    pending_log += fmt::format("{},{:.6f},{:.3g},", state.step, l, lr);

    const bool eval_now = (opt.eval_every > 0 && state.step % opt.eval_every == 0) || state.step == total;
    if (eval_now) {
      const double d = dev.spearman(student);
      last_dev = d;
      pending_log += fmt::format("{:.4f}\n", d);
      if (d > state.best_dev) {
        state.best_dev = d;
        state.best_step = state.step;
        save_best();
      }
      {
        std::ofstream log(log_path, std::ios::app);
        log << pending_log;
      }
      pending_log.clear();
      save_last();
    } else {
      pending_log += "\n";
    }
    progress.advance(1, fmt::format("loss {:.4f} | dev {:.2f} (best {:.2f} @ {})", loss_ema, last_dev,
                                    state.best_dev, state.best_step));
  }
  TrainSummary summary;
  summary.steps = state.step;
  summary.lists_used = schedule.subset.size();
  summary.lists_rejected = rejected;
  summary.initial_dev = state.initial_dev;
  summary.best_dev = state.best_dev;
  summary.best_step = state.best_step;
  summary.interrupted = interrupted;
  return summary;
}

}  // namespace ranksent
