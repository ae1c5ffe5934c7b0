// The safetensors header parser: SafetensorsFile::open on the input as a
// file, then every accessor on what it accepted, and a write/read round trip.
// Expected: InputError. Anything else (a crash, a sanitizer report, another
// exception type, a round trip that differs) is a finding.
#include <cstring>
#include <optional>

#include "fuzz_support.h"
#include "ranksent/error.h"
#include "ranksent/io/safetensors.h"

using namespace ranksent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto dir = fuzz::scratch();
  const auto file = dir / "model.safetensors";
  fuzz::write_file(file, fuzz::as_text(data, size));
  std::optional<SafetensorsFile> opened;
  try {
    opened.emplace(SafetensorsFile::open(file));
  } catch (const InputError&) {
    return 0;
  }
  const SafetensorsFile& st = *opened;
  {
    std::vector<TensorView> views;
    for (const auto& t : st.tensors()) {
      if (st.find(t.name) != &t) fuzz::violated("find() does not return the listed tensor");
      const auto bytes = st.bytes(t);
      if (bytes.size() != std::size_t(t.numel()) * dtype_size(t.dtype))
        fuzz::violated("bytes() size != numel * dtype size");
      if (t.dtype == DType::F32 || t.dtype == DType::F16 || t.dtype == DType::BF16) {
        auto f = st.to_float(t);
        if (f.size() != std::size_t(t.numel())) fuzz::violated("to_float() size != numel");
      }
      views.push_back({t.name, t.dtype, t.shape, bytes});
    }
    try {
      st.at("\x01 no such tensor");
      fuzz::violated("at() found a tensor that is not there");
    } catch (const InputError&) {
    }
    // What was read writes back and reads again the same.
    const auto copy = dir / "copy.safetensors";
    write_safetensors(copy, views, st.metadata());
    std::optional<SafetensorsFile> reread;
    try {
      reread.emplace(SafetensorsFile::open(copy));
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      fuzz::violated("a file written from what was read does not read again");
    }
    const SafetensorsFile& again = *reread;
    if (again.tensors().size() != st.tensors().size() || again.metadata() != st.metadata())
      fuzz::violated("round trip changed the tensor list or the metadata");
    for (const auto& t : st.tensors()) {
      const TensorInfo* u = again.find(t.name);
      if (!u || u->dtype != t.dtype || u->shape != t.shape) fuzz::violated("round trip changed a tensor's header");
      auto a = st.bytes(t), b = again.bytes(*u);
      if (a.size() != b.size() || (a.size() && std::memcmp(a.data(), b.data(), a.size()) != 0))
        fuzz::violated("round trip changed a tensor's bytes");
    }
  }
  return 0;
}
