// The arguments of ranksent.generate and ranksent.generate_iter, and the
// GenerateRun they make: one list of names and defaults for both (the
// defaults are the C++ structs' own).
#pragma once
#include <optional>
#include <string>

#include <nanobind/nanobind.h>

#include "ranksent/api.h"

namespace ranksent::py {

struct GenerateArgs {
  std::string model, strategy, escape;
  int steps = 0, parallel = 0, threads = 0, max_new_tokens = 0;
  double lam = 0;
  bool paper_exact = false, progress = true;
  std::optional<std::string> output, lists;
  std::uint64_t shuffle_seed = 0;
};

GenerateRun generate_run(const GenerateArgs& a);

// nb::arg list of both functions, after `seeds`, in GenerateArgs' order of the lambdas.
#define RANKSENT_GENERATE_ARGS                                                                                   \
  nb::arg("seeds"),                                                                                              \
      nb::arg("model") = "", nb::arg("strategy") = std::string(option_name(GenerateOptions{}.strategy)),         \
      nb::arg("steps") = GenerateOptions{}.steps, nb::arg("lam") = GenerateOptions{}.decoding.lambda,            \
      nb::arg("parallel") = GenerateOptions{}.decoding.parallel, nb::arg("threads") = GenerateOptions{}.threads, \
      nb::arg("escape") = std::string(option_name(GenerateOptions{}.decoding.escape.mode)),                      \
      nb::arg("paper_exact") = false, nb::arg("max_new_tokens") = GenerateOptions{}.decoding.max_new_tokens,     \
      nb::arg("output") = nb::none(), nb::arg("lists") = nb::none(),                                             \
      nb::arg("shuffle_seed") = GenerateOptions{}.shuffle_seed, nb::arg("progress") = true

}  // namespace ranksent::py
