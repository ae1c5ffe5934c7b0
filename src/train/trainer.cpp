// The post-training loop (docs/method.md section 3): models and losses set
// up from typed options, then one list per step, dev scores every N steps
// with each selection rule's checkpoint saved, state checkpointed for
// --resume. The pieces it is made of live beside it: list_schedule (which
// list at which step), training_state (state.json, log.csv, the checkpoint
// swap), optimisation_step (one step), teacher_cache (Phi once per list),
// dev_evaluator and model_selection (which checkpoint is kept).
#include "ranksent/train/trainer.h"

#include <cmath>

#include <fmt/core.h>

#include "ranksent/common/progress.h"
#include "ranksent/error.h"
#include "ranksent/io/file_lock.h"
#include "ranksent/models.h"
#include "ranksent/train/recipe.h"
#include "train/data_parallel.h"
#include "train/dev_evaluator.h"
#include "train/list_loss.h"
#include "train/list_schedule.h"
#include "train/mixed_precision.h"
#include "train/optimisation_step.h"
#include "train/teacher_cache.h"
#include "train/training_lists.h"
#include "train/training_state.h"

namespace ranksent {

namespace fs = std::filesystem;

Pooling training_pooling(const Encoder& e, std::optional<Pooling> flag) {
  if (flag) return *flag;
  if (e.default_pooling() == Pooling::Mean) return Pooling::Mean;
  return e.has_pooler() ? Pooling::Cls : Pooling::ClsBeforePooler;
}

Pooling evaluation_pooling(const Encoder& e, std::optional<Pooling> flag) {
  if (flag) return *flag;
  return e.default_pooling() == Pooling::Mean ? Pooling::Mean : Pooling::ClsBeforePooler;
}

fs::path train_state_dir(const fs::path& output) {
  auto o = output;
  if (o.filename().empty()) o = o.parent_path();
  return o.parent_path() / (o.filename().string() + ".train");
}

namespace {

ListLossOptions loss_options(const TrainOptions& opt, const Encoder& student, const Encoder& teacher) {
  return {opt.loss, training_pooling(student, opt.pooling), evaluation_pooling(teacher, opt.teacher_pooling),
          training_autocast_dtype(opt.precision)};
}

std::optional<TeacherCache> teacher_cache(const TrainOptions& opt, const Encoder& teacher,
                                          const ListLossOptions& loss) {
  if (!opt.use_teacher_cache) return std::nullopt;
  const fs::path root = opt.teacher_cache.empty() ? cache_dir() / "teacher-sims" : opt.teacher_cache;
  return TeacherCache(
      root, {teacher.directory(), loss.teacher_pooling, loss.loss.teacher_length(),
             std::string(option_name(opt.precision)), torch::Device(teacher.device()).is_cuda() ? "cuda" : "cpu"});
}

// "cuda" on several ranks: each rank its own GPU (LOCAL_RANK, modulo the
// GPUs it sees, so that one GPU per rank by CUDA_VISIBLE_DEVICES works too).
std::string rank_device(const std::string& device, const DistributedEnv& env) {
  if (device != "cuda" || env.world == 1) return device;
  const auto count = torch::cuda::device_count();
  return count > 0 ? "cuda:" + std::to_string(env.local_rank % int(count)) : device;
}

Encoder frozen_teacher(const TrainOptions& opt, const std::string& device) {
  auto teacher = Encoder::load(opt.teacher.empty() ? opt.model : opt.teacher);
  teacher.place(device);
  freeze(teacher);
  return teacher;
}

// Lists a step takes: --lists-per-step, a multiple of the ranks (one list
// per rank unless given).
std::size_t lists_per_step(const TrainOptions& opt, const DistributedEnv& env) {
  const auto per_step = std::size_t(opt.lists_per_step > 0 ? opt.lists_per_step : env.world);
  if (per_step < 1 || per_step % std::size_t(env.world) != 0)
    throw UsageError("--lists-per-step " + std::to_string(opt.lists_per_step) + " must be a multiple of the " +
                     std::to_string(env.world) + " ranks");
  return per_step;
}

// Each step takes per_step lists of the schedule (a last, partial step is dropped).
std::int64_t total_steps(const TrainOptions& opt, const ListSchedule& schedule, std::size_t per_step) {
  std::int64_t total = std::max<std::int64_t>(1, std::int64_t(schedule.size()) * opt.epochs / std::int64_t(per_step));
  if (opt.max_steps > 0) total = std::min(total, opt.max_steps);
  return total;
}

std::unique_ptr<DataParallel> data_parallel(const TrainOptions& opt, const DistributedEnv& env,
                                            const std::string& backend, const Encoder& student) {
  if (env.world == 1) return nullptr;
  return std::make_unique<DataParallel>(env, std::chrono::seconds(opt.dist_timeout_s), backend,
                                        torch::Device(student.device()));
}

// The loop's state: what every step reads (the lists, both models, the
// optimizer) and what it moves on (the position, model selection, the log).
// Rank 0, the leader, evaluates, saves and logs.
struct TrainingLoop {
  const TrainOptions& opt;
  const DistributedEnv& env;
  const TrainingLists& lists;
  const ListSchedule& schedule;
  const std::size_t per_step;
  const std::int64_t total;
  const fs::path& state_dir;
  const std::string& backend;
  Encoder& student;
  Encoder& teacher;
  TeacherCache* cache;
  const ListLossOptions& loss_opt;
  const DevEvaluator& dev;
  const Pooling eval_pool;
  torch::optim::Adam optimizer;
  std::unique_ptr<DataParallel> dp;
  std::optional<TrainingLog> log{};
  TrainingState state{};
  bool interrupted = false;
  double loss_ema = std::nan(""), last_dev = std::nan("");

  bool leader() const { return env.rank == 0; }
  fs::path last_dir() const { return state_dir / "last"; }
  std::optional<ModelSelection::Pick> pick() const { return state.selection.pick(opt.select, opt.start_competes); }

  void resume() {
    state = TrainingState::load(last_dir() / "state.json");
    torch::load(optimizer, (last_dir() / "optimizer.pt").string());
    if (log) log->truncate_after(state.step);  // later rows are redone
    const auto p = pick();
    fmt::print(stderr, "resuming at step {} of {} (best dev {:.2f} at step {})\n", state.step, total,
               p ? p->dev : std::nan(""), p ? p->step : 0);
  }

  // A fresh run: the starting model's dev scores open model selection.
  void start() {
    state.lists = opt.lists.string();
    state.seed = opt.seed;
    if (!leader()) return;
    state.selection = ModelSelection(dev.scores(student));
    const DevScores& d = state.selection.start();
    log->start(opt.lr, d);
    fmt::print(
        stderr,
        "lists: {} usable, {} rejected skipped, {} used; steps: {} of {} list(s){}; dev before: STS-B {:.2f}{}\n",
        lists.size(), lists.rejected(), schedule.size(), total, per_step,
        env.world > 1 ? fmt::format(" on {} ranks ({})", env.world, backend) : "", d.stsb,
        d.sickr ? fmt::format(", SICK-R {:.2f}", *d.sickr) : "");
    if (opt.start_competes) student.save(opt.output, eval_pool);  // the starting point is the first pick
    write_selection_file(state_dir / "selection.json", state.selection, opt.select, opt.start_competes, opt.model,
                         opt.output);
  }

  // After an evaluation: the checkpoint goes where a rule now picks it (the
  // output for the rule given, best-<metric>/ for each metric it leads),
  // saved once and hard-linked into the other places.
  void keep_picks(const std::vector<SelectMetric>& improved) {
    std::vector<fs::path> places;
    if (const auto p = pick(); p && p->step == state.step) places.push_back(opt.output);
    for (SelectMetric m : improved) places.push_back(best_trained_dir(state_dir, m));
    if (places.empty()) return;
    student.save(places[0], eval_pool);
    for (std::size_t i = 1; i < places.size(); ++i) link_directory(places[0], places[i]);
    write_selection_file(state_dir / "selection.json", state.selection, opt.select, opt.start_competes, opt.model,
                         opt.output);
  }

  void save_last() {
    if (!leader()) return;
    // Model, optimizer and position swapped in together: they always agree.
    swap_in_directory(last_dir(), [&](const fs::path& dir) {
      student.save(dir / "model");
      const auto tmp = dir / "optimizer.pt.tmp";
      torch::save(optimizer, tmp.string());
      fs::rename(tmp, dir / "optimizer.pt");
      state.save(dir / "state.json");
    });
  }

  // A stop on any rank stops them all at the same step.
  bool stop_requested(const std::atomic<bool>* stop) {
    bool stopping = stop && stop->load();
    if (dp) stopping = dp->sum(stopping ? 1.0 : 0.0) > 0;
    return stopping;
  }

  void stop_here() {
    if (log) log->flush();
    save_last();
    interrupted = true;
    if (leader()) fmt::print(stderr, "\ninterrupted after step {}; --resume continues from here\n", state.step);
  }

  // This rank's share of the step's lists. Each list's draws (dropout,
  // tie-breaking) are keyed by its place in the schedule, so a resumed run
  // repeats exactly what the uninterrupted one would do, and N ranks of one
  // list each draw what one process of N lists a step does.
  std::vector<StepList> step_lists(std::vector<std::vector<std::string>>& sentences) const {
    const std::size_t share = per_step / std::size_t(env.world);
    sentences.assign(share, {});  // read from the file now (streamed)
    std::vector<StepList> mine;
    for (std::size_t j = 0; j < share; ++j) {
      const auto position = std::uint64_t(state.step) * per_step + std::uint64_t(env.rank) * share + j;
      sentences[j] = lists.at(std::size_t(schedule.at(std::int64_t(position))));
      mine.push_back({&sentences[j], position});
    }
    return mine;
  }

  // One step of refinement targets and ListMLE on this rank's lists,
  // gradients summed over the ranks.
  void optimise(const std::vector<StepList>& mine) {
    set_training(student, true);  // dropout on
    // Linear decay to 0 over the run, as the SimCSE/HF trainer schedules it.
    const double lr =
        opt.lr_schedule == LrSchedule::Constant ? opt.lr : opt.lr * double(total - state.step) / double(total);
    std::function<double(double)> reduce;
    if (dp)
      reduce = [&](double loss) {
        dp->sum_gradients(parameters(student));
        return dp->sum(loss);
      };
    const double l = optimisation_step(student, teacher, cache, mine, per_step, opt.seed, optimizer, loss_opt, lr,
                                       opt.max_grad_norm, reduce);
    ++state.step;
    loss_ema = std::isnan(loss_ema) ? l : 0.95 * loss_ema + 0.05 * l;
    if (log) log->add_step(state.step, l, lr);
  }

  // Dev evaluation every eval_every steps and at the end, then model
  // selection and the resumable state.
  void dev_evaluation() {
    const bool eval_now = (opt.eval_every > 0 && state.step % opt.eval_every == 0) || state.step == total;
    if (!eval_now) {
      if (log) log->end_row();
      return;
    }
    if (leader()) {
      const DevScores d = dev.scores(student);
      log->add_dev(d);
      last_dev = d.metric(opt.select).value_or(std::nan(""));
      keep_picks(state.selection.record(state.step, d));
      log->flush();
      save_last();
    }
    if (dp) dp->barrier();  // the other ranks wait for the evaluation and the save
  }

  void run(const std::atomic<bool>* stop) {
    Progress progress("train", std::size_t(total), "steps", opt.show_progress && leader());
    progress.resume_at(std::size_t(state.step));
    auto pick_text = [&] {
      const auto p = pick();
      return p ? fmt::format("best {:.2f} @ {}", p->dev, p->step) : std::string("no pick yet");
    };
    last_dev = state.selection.start().metric(opt.select).value_or(std::nan(""));
    while (state.step < total) {
      if (stop_requested(stop)) {
        stop_here();
        break;
      }
      std::vector<std::vector<std::string>> sentences;
      optimise(step_lists(sentences));
      dev_evaluation();
      progress.advance(1, fmt::format("loss {:.4f} | dev {:.2f} ({})", loss_ema, last_dev, pick_text()));
    }
  }

  TrainSummary summary(const std::string& recipe) const {
    TrainSummary summary;
    summary.steps = state.step;
    summary.lists_used = schedule.size();
    summary.lists_rejected = lists.rejected();
    summary.initial_dev = state.selection.start().metric(opt.select).value_or(std::nan(""));
    if (const auto p = pick()) {
      summary.best_dev = p->dev;
      summary.best_step = p->step;
    }
    if (cache) {
      summary.teacher_cached = cache->hits();
      summary.teacher_computed = cache->misses();
    }
    summary.interrupted = interrupted;
    summary.recipe = recipe;
    return summary;
  }
};

}  // namespace

// NaN passes every comparison, so each bound is written as what must hold.
void check_train_numbers(const TrainOptions& o) {
  auto need = [](bool ok, const char* field, const char* what) {
    if (!ok) throw OptionError(field, what);
  };
  need(std::isfinite(o.loss.omega) && o.loss.omega >= 0, "loss.omega", "must be a number >= 0");
  need(std::isfinite(o.loss.tau) && o.loss.tau > 0, "loss.tau", "must be a number > 0");
  need(std::isfinite(o.loss.teacher_tau) && o.loss.teacher_tau > 0, "loss.teacher_tau", "must be a number > 0");
  need(std::isfinite(o.lr) && o.lr > 0, "lr", "must be a number > 0");
  need(std::isfinite(o.max_grad_norm) && o.max_grad_norm >= 0, "max_grad_norm", "must be a number >= 0");
  need(std::isfinite(o.fraction) && o.fraction > 0 && o.fraction <= 1, "fraction", "must be in (0, 1]");
}

TrainSummary train(const TrainOptions& opt, const std::atomic<bool>* stop) {
  check_train_numbers(opt);
  const TrainingLists lists(opt.lists);
  if (lists.empty()) throw InputError(opt.lists.string(), "no usable ranking list (all rejected or none present)");
  const ListSchedule schedule(lists.size(), opt.fraction, opt.seed);
  // Data parallelism: the ranks of torchrun's environment (WORLD_SIZE > 1).
  const DistributedEnv env = distributed_env();
  const std::size_t per_step = lists_per_step(opt, env);
  const bool leader = env.rank == 0;

  const fs::path state_dir = train_state_dir(opt.output), last_dir = state_dir / "last";
  // Inputs first (the dev data, the teacher), so that bad input leaves no
  // state folder behind.
  const std::string device = rank_device(opt.device, env);
  auto teacher = frozen_teacher(opt, device);
  // A resumed run's student is the saved one (the starting model is not read).
  const bool resuming = opt.resume && fs::exists(last_dir / "state.json");
  auto student = Encoder::load(resuming ? last_dir / "model" : fs::path(opt.model));
  student.place(device);  // before the optimizer takes its parameters
  const std::string backend = collective_backend(opt.dist_backend, torch::Device(student.device()));
  const Pooling eval_pool = evaluation_pooling(student, opt.eval_pooling);
  const DevEvaluator dev(opt.data, eval_pool, opt.select == SelectMetric::StsbSickr);
  if (!opt.resume && fs::exists(last_dir / "state.json"))
    throw InputError(state_dir.string(), "an earlier run's state is here: pass --resume to continue it, or remove it");
  // Held to the end: a second `train` on the same output stops here.
  std::optional<FileLock> lock;
  if (leader) {
    fs::create_directories(state_dir);
    lock.emplace(state_dir / "lock", opt.output.string());
  }
  const ListLossOptions loss_opt = loss_options(opt, student, teacher);
  auto cache = teacher_cache(opt, teacher, loss_opt);
  const auto recipe = recipe_json(opt, teacher, loss_opt.teacher_pooling);
  if (leader) {
    write_recipe_file(state_dir / "recipe.json", recipe);
    if (opt.show_progress) fmt::print(stderr, "recipe: {}\n", recipe_line(recipe));
  }

  TrainingLoop loop{.opt = opt,
                    .env = env,
                    .lists = lists,
                    .schedule = schedule,
                    .per_step = per_step,
                    .total = total_steps(opt, schedule, per_step),
                    .state_dir = state_dir,
                    .backend = backend,
                    .student = student,
                    .teacher = teacher,
                    .cache = cache ? &*cache : nullptr,
                    .loss_opt = loss_opt,
                    .dev = dev,
                    .eval_pool = eval_pool,
                    .optimizer = torch::optim::Adam(parameters(student), torch::optim::AdamOptions(opt.lr)),
                    .dp = data_parallel(opt, env, backend, student)};
  if (leader) loop.log.emplace(state_dir / "log.csv");
  if (resuming)
    loop.resume();
  else
    loop.start();
  loop.run(stop);
  return loop.summary(recipe_line(recipe));
}

}  // namespace ranksent
