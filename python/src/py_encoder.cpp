// ranksent.Encoder: a model by tier or folder, encode() -> numpy float32,
// as sentence-transformers' SentenceTransformer.encode returns it.
#include <memory>
#include <optional>

#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "py_support.h"
#include "ranksent/api.h"

namespace ranksent::py {

namespace {

using Array = nb::ndarray<nb::numpy, float>;

// The embeddings' vector becomes the array's memory: no copy after encode.
Array as_array(std::vector<float>&& values, std::int64_t rows, std::int64_t dim, bool single) {
  auto* owned = new std::vector<float>(std::move(values));
  nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<float>*>(p); });
  if (single) return Array(owned->data(), {std::size_t(dim)}, owner);
  return Array(owned->data(), {std::size_t(rows), std::size_t(dim)}, owner);
}

Array encode(const Encoder& encoder, nb::handle sentences, std::int64_t batch_size, bool normalize,
             std::optional<std::string> pooling, std::size_t max_length, bool progress) {
  bool single = false;
  const auto texts = sentences_from(sentences, "sentences", &single);
  EncodeOptions o;
  o.batch_size = batch_size;
  o.max_length = max_length;
  if (pooling) o.pooling = parse_option<Pooling>(*pooling, "pooling");
  if (normalize) o.normalize = true;  // else as the model's modules say
  o.show_progress = progress;
  if (batch_size < 1) throw OptionError("batch_size", "must be >= 1");
  std::vector<float> values = interruptible([&](const std::atomic<bool>*) { return encoder.encode(texts, o); });
  return as_array(std::move(values), std::int64_t(texts.size()), encoder.dim(), single);
}

}  // namespace

void bind_encoder(nb::module_& m) {
  const EncodeOptions defaults;
  nb::class_<Encoder>(m, "Encoder",
                      "A sentence encoder (BERT, RoBERTa or MPNet in the Hugging Face layout) run by ranksent's C++ "
                      "core; the same arithmetic as `ranksent encode`.")
      .def(
          "__init__",
          [](Encoder* self, const std::string& model, const std::string& device, const std::string& dtype) {
            const Dtype d = parse_option<Dtype>(dtype, "dtype");
            new (self) Encoder(interruptible([&](const std::atomic<bool>*) { return open_encoder(model, device, d); }));
          },
          nb::arg("name_or_path") = default_encoder().tier, nb::arg("device") = "cpu", nb::arg("dtype") = "auto",
          "Loads a model folder or an encoder tier (`ranksent models`) onto `device` in `dtype` (auto: bfloat16 "
          "where the CPU computes it in hardware, else float32).")
      .def("encode", &encode, nb::arg("sentences"), nb::arg("batch_size") = defaults.batch_size,
           nb::arg("normalize") = false, nb::arg("pooling") = nb::none(), nb::arg("max_length") = defaults.max_length,
           nb::arg("progress") = defaults.show_progress,
           "Embeddings as float32, shape (n, dim), in input order; one str gives shape (dim,). normalize=True "
           "L2-normalises them (otherwise as the model's modules.json says).")
      .def_prop_ro("dim", &Encoder::dim, "Embedding dimension.")
      .def_prop_ro("device", &Encoder::device)
      .def_prop_ro("dtype", &Encoder::dtype, "The weights' type: float32, bfloat16 or float16.")
      .def_prop_ro("path", [](const Encoder& e) { return e.directory().string(); })
      .def_prop_ro("pooling", [](const Encoder& e) { return std::string(option_name(e.default_pooling())); })
      .def_prop_ro("max_length", &Encoder::default_max_length)
      .def("__repr__", [](const Encoder& e) {
        return "ranksent.Encoder('" + e.directory().string() + "', device='" + e.device() + "', dtype='" + e.dtype() +
               "')";
      });
}

}  // namespace ranksent::py
