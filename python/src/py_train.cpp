// ranksent.select / ranksent.train / ranksent.run_study: seed selection,
// post-training and whole studies, as `ranksent select`, `train` and `run`.
#include <optional>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "py_support.h"
#include "ranksent/api.h"

namespace ranksent::py {

namespace {

struct TrainArgs {
  std::string lists, student, output;
  std::optional<std::string> teacher, data;
  std::string targets, refine, precision, device;
  double omega = 0, lr = 0, fraction = 1;
  int epochs = 1, eval_every = 0;
  std::int64_t max_steps = 0;
  std::uint64_t seed = 0;
  bool resume = false, progress = true;
};

std::string train_py(const TrainArgs& a) {
  TrainOptions o;
  o.lists = a.lists;
  o.model = a.student;
  o.output = a.output;
  if (a.teacher) o.teacher = *a.teacher;
  if (a.data) o.data = *a.data;
  o.loss.targets = parse_option<TargetKind>(a.targets, "targets");
  o.loss.refine = parse_option<RefineMode>(a.refine, "refine");
  o.precision = parse_option<Precision>(a.precision, "precision");
  o.device = a.device;
  o.loss.omega = a.omega;
  o.lr = a.lr;
  o.fraction = a.fraction;
  o.epochs = a.epochs;
  o.eval_every = a.eval_every;
  o.max_steps = a.max_steps;
  o.seed = a.seed;
  o.resume = a.resume;
  o.show_progress = a.progress;
  const TrainSummary s = interruptible([&](const std::atomic<bool>* stop) { return train_encoder(o, stop); });
  if (s.interrupted) {
    PyErr_SetString(PyExc_KeyboardInterrupt, "training interrupted, state saved; resume=True continues");
    throw nb::python_error();
  }
  return o.output.string();
}

std::string select_py(const std::vector<std::string>& premises, const std::string& output, const std::string& model,
                      int clusters, int per_cluster, std::uint64_t seed, int column, const std::string& field,
                      const std::vector<std::string>& exclude, bool progress) {
  if (premises.empty()) throw OptionError("inputs", "no premise file given");
  SelectOptions o;
  o.inputs.assign(premises.begin(), premises.end());
  o.exclude.assign(exclude.begin(), exclude.end());
  o.output = output;
  o.kmeans.clusters = clusters;
  o.kmeans.seed = seed;
  o.per_cluster = per_cluster;
  o.read.column = column;
  o.read.field = field;
  o.encode.show_progress = o.kmeans.show_progress = progress;
  interruptible([&](const std::atomic<bool>*) {
    o.model = resolve_encoder(model);
    return select_seeds(o);
  });
  return output;
}

}  // namespace

void bind_train(nb::module_& m) {
  const TrainOptions t;
  m.def(
      "train",
      [](const std::string& lists, const std::string& output, const std::string& student,
         std::optional<std::string> teacher, const std::string& targets, const std::string& refine, double omega,
         double lr, int epochs, double fraction, std::uint64_t seed, int eval_every, std::int64_t max_steps,
         const std::string& precision, const std::string& device, std::optional<std::string> data, bool resume,
         bool progress) {
        return train_py({lists, student, output, teacher, data, targets, refine, precision, device, omega, lr, fraction,
                         epochs, eval_every, max_steps, seed, resume, progress});
      },
      nb::arg("lists"), nb::arg("output"), nb::arg("student") = default_encoder().tier, nb::arg("teacher") = nb::none(),
      nb::arg("targets") = std::string(option_name(t.loss.targets)),
      nb::arg("refine") = std::string(option_name(t.loss.refine)), nb::arg("omega") = t.loss.omega,
      nb::arg("lr") = t.lr, nb::arg("epochs") = t.epochs, nb::arg("fraction") = t.fraction, nb::arg("seed") = t.seed,
      nb::arg("eval_every") = t.eval_every, nb::arg("max_steps") = t.max_steps,
      nb::arg("precision") = std::string(option_name(t.precision)), nb::arg("device") = t.device,
      nb::arg("data") = nb::none(), nb::arg("resume") = false, nb::arg("progress") = true,
      "Post-trains `student` (a tier or model folder) on the kept lists of the file `lists` with refined targets "
      "and ListMLE (docs/method.md section 3) against `teacher` (default: a frozen copy of the student); the "
      "checkpoint best on the dev sets is saved to `output` (a model folder that sentence-transformers loads), "
      "whose path is returned. data: the evaluation data root (default: $RANKSENT_DATA, else ../shared/data). "
      "Ctrl-C saves the state and raises KeyboardInterrupt; resume=True continues.");
  const SelectOptions s;
  m.def("select", &select_py, nb::arg("premises"), nb::arg("output"), nb::arg("model") = default_encoder().tier,
        nb::arg("clusters") = s.kmeans.clusters, nb::arg("per_cluster") = s.per_cluster,
        nb::arg("seed") = s.kmeans.seed, nb::arg("column") = s.read.column, nb::arg("field") = s.read.field,
        nb::arg("exclude") = std::vector<std::string>{}, nb::arg("progress") = true,
        "Seed sentences (docs/method.md section 1): the premises of the files `premises` embedded with `model`, "
        "clustered by k-means into `clusters`, `per_cluster` drawn from each; written to `output` (seeds.jsonl), "
        "whose path is returned.");
  m.def(
      "run_study",
      [](const std::string& file, std::optional<std::string> output, const std::string& program, bool dry_run) {
        const int rc = interruptible(
            [&](const std::atomic<bool>*) { return run_study_file(file, output.value_or(""), program, dry_run); });
        if (rc == 130) {
          PyErr_SetString(PyExc_KeyboardInterrupt, "study interrupted; running it again resumes");
          throw nb::python_error();
        }
        if (rc != 0) throw std::runtime_error("study " + file + ": a stage failed with status " + std::to_string(rc));
      },
      nb::arg("file"), nb::arg("output") = nb::none(), nb::arg("program"), nb::arg("dry_run") = false,
      "Runs a study file (docs/study.md) stage by stage into `output` (default: out/NAME), each stage the "
      "`ranksent` program `program`; finished stages are skipped.");
}

}  // namespace ranksent::py
