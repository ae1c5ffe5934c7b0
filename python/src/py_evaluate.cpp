// ranksent.evaluate: the evaluation suite of `ranksent eval`, results as a dict.
#include <optional>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "py_support.h"
#include "ranksent/api.h"

namespace ranksent::py {

void bind_evaluate(nb::module_& m) {
  const EncodeOptions e;
  m.def(
      "evaluate",
      [](const std::string& model, const std::string& tasks, std::optional<std::string> data, const std::string& device,
         const std::string& dtype, std::int64_t batch_size, std::optional<std::string> pooling, bool progress) {
        eval::EvalOptions o;
        if (data) o.data = *data;
        o.show_progress = progress;
        EncodeOptions enc;
        enc.batch_size = batch_size;
        if (pooling) enc.pooling = parse_option<Pooling>(*pooling, "pooling");
        const Dtype d = parse_option<Dtype>(dtype, "dtype");
        const auto results =
            interruptible([&](const std::atomic<bool>*) { return evaluate_model(model, tasks, o, enc, device, d); });
        return to_python(results);
      },
      nb::arg("model"), nb::arg("tasks") = "sts", nb::arg("data") = nb::none(), nb::arg("device") = "cpu",
      nb::arg("dtype") = "auto", nb::arg("batch_size") = e.batch_size, nb::arg("pooling") = nb::none(),
      nb::arg("progress") = false,
      "Evaluates `model` (a tier or model folder) on `tasks` as `ranksent eval --tasks` takes them (sts, transfer, "
      "rerank, or task names; comma-separated): a dict with a section per family ('sts': {task: {'spearman': ...}}) "
      "and the averages. data: default $RANKSENT_DATA, else ../shared/data.");
}

}  // namespace ranksent::py
