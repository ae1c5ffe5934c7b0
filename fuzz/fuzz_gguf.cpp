// The GGUF metadata reader: read_gguf_metadata on the input as a file, then
// the typed accessors on every key it returned and each value shown as
// `ranksent inspect` shows it. Expected: InputError.
#include "fuzz_support.h"
#include "ranksent/error.h"
#include "ranksent/io/gguf_metadata.h"

using namespace ranksent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::scratch() / "model.gguf";
  fuzz::write_file(file, fuzz::as_text(data, size));
  try {
    GgufMetadata meta = read_gguf_metadata(file);
    if (meta.version < 2 || meta.version > 3) fuzz::violated("accepted a GGUF version other than 2 or 3");
    for (const auto& [key, value] : meta.values) {
      (void)meta.string_value(key);
      (void)meta.int_value(key);
      (void)meta.array_length(key);
      // As `ranksent inspect` shows a value.
      (void)(value.is_object() ? std::to_string(value["length"].get<std::uint64_t>()) : value.dump());
    }
    (void)meta.string_value("general.architecture");
    (void)meta.array_length("tokenizer.ggml.tokens");
  } catch (const InputError&) {
  }
  return 0;
}
