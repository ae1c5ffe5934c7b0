// What every binding file shares: sentences from Python objects, C++ work
// with the GIL released and Ctrl-C as a clean stop, JSON as Python objects.
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include <nanobind/nanobind.h>
#include <nlohmann/json.hpp>

#include "ranksent/common/interrupt.h"

namespace ranksent::py {

namespace nb = nanobind;

// A str (one sentence), or a sequence of str / UTF-8 bytes. Anything else is
// a TypeError naming `field` and the index; invalid UTF-8 an OptionError.
std::vector<std::string> sentences_from(nb::handle obj, const char* field, bool* single = nullptr);

// JSON (eval results, list records) as dict / list / str / int / float / bool / None.
nb::object to_python(const nlohmann::json& j);

// Runs `work(stop)` without the GIL, with SIGINT/SIGTERM turned into `stop`
// (the work saves and returns), then raises KeyboardInterrupt if one came.
template <typename Work>
auto interruptible(Work&& work) {
  bool interrupted = false;
  auto run = [&] {
    nb::gil_scoped_release release;
    InterruptScope scope;
    auto result = work(scope.flag());
    interrupted = scope.requested();
    return result;
  };
  auto result = run();
  if (interrupted) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw nb::python_error();
  }
  return result;
}

void bind_exceptions(nb::module_& m);
void bind_encoder(nb::module_& m);
void bind_generate(nb::module_& m);
void bind_stream(nb::module_& m);
void bind_train(nb::module_& m);
void bind_evaluate(nb::module_& m);

}  // namespace ranksent::py
