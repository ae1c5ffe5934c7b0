// ranksent._core: the Python package's binding of the public API
// (include/ranksent/api.h). Nothing is computed here: each function converts
// its arguments, calls the API without the GIL, and converts the result.
#include "py_support.h"

NB_MODULE(_core, m) {
  m.doc() = "ranksent: refine sentence encoders with LLM-written ranking sentences (C++ core)";
  m.attr("__version__") = RANKSENT_VERSION;
  ranksent::py::bind_exceptions(m);
  ranksent::py::bind_encoder(m);
  ranksent::py::bind_generate(m);
  ranksent::py::bind_stream(m);
  ranksent::py::bind_train(m);
  ranksent::py::bind_evaluate(m);
}
