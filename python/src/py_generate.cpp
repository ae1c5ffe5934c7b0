// ranksent.generate / ranksent.read_lists: ranking lists as the records a
// lists file holds (dicts), from the same engine and rules as `ranksent generate`.
#include <optional>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "py_generate_args.h"
#include "py_support.h"
#include "ranksent/api.h"

namespace ranksent::py {

namespace {

nb::list generate_lists_py(nb::handle seeds, const GenerateArgs& a) {
  GenerateRun run = generate_run(a);
  std::vector<std::string> texts;
  if (run.options.strategy != Strategy::shuffle) texts = sentences_from(seeds, "seeds");
  const std::filesystem::path output = a.output.value_or("");
  auto result = interruptible([&](const std::atomic<bool>* stop) { return generate(texts, run, output, stop); });
  nb::list out;
  for (const auto& record : result.lists) out.append(to_python(record));
  return out;
}

}  // namespace

void bind_generate(nb::module_& m) {
  m.def(
      "generate",
      [](nb::handle seeds, const std::string& model, const std::string& strategy, int steps, double lam, int parallel,
         int threads, const std::string& escape, bool paper_exact, int max_new_tokens,
         std::optional<std::string> output, std::optional<std::string> lists, std::uint64_t shuffle_seed,
         bool progress) {
        return generate_lists_py(seeds, {model, strategy, escape, steps, parallel, threads, max_new_tokens, lam,
                                         paper_exact, progress, output, lists, shuffle_seed});
      },
      RANKSENT_GENERATE_ARGS,
      "Ranking lists for `seeds` (docs/method.md section 2), one dict per seed in seed order (ids 1..n), as "
      "`ranksent generate` writes them: seed, sentences (the seed first), rejected (None when kept), ... "
      "model: a GGUF path or an LLM tier (empty: the best installed). lam: Eq. 4's lambda (guidance scale 1 + lam). "
      "With `output` the lists also go to that file, and a rerun resumes it. strategy='shuffle' permutes the "
      "lists of the file `lists` (seeds=[]). Ctrl-C stops after the lists in flight (KeyboardInterrupt); with "
      "`output`, rerunning goes on.");
  m.def(
      "read_lists",
      [](const std::string& file) {
        nb::list out;
        for (const auto& record : read_lists(file)) out.append(to_python(record));
        return out;
      },
      nb::arg("file"), "The records of a lists file (lists.jsonl), in file order.");
}

}  // namespace ranksent::py
