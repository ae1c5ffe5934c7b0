// Reads the key-value metadata of a GGUF file (versions 2 and 3) without
// loading tensors: used to reject non-GGUF input with a clear message before
// llama.cpp sees it, and to show what a model file says about itself.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace ranksent {

struct GgufMetadata {
  std::uint32_t version = 0;
  std::uint64_t tensor_count = 0;
  // Scalar values as JSON (numbers, bools, strings; a byte of a string that
  // is not UTF-8 reads as U+FFFD); arrays are summarised as
  // {"array_of": type, "length": n} since token tables are large.
  std::map<std::string, nlohmann::json> values;

  std::string string_value(const std::string& key) const;  // "" when absent
  std::int64_t int_value(const std::string& key, std::int64_t fallback = -1) const;
  std::uint64_t array_length(const std::string& key) const;  // 0 when absent
};

// Throws InputError naming the file when it is not a readable GGUF file
// (also when a length or count in it runs past the end of the file).
GgufMetadata read_gguf_metadata(const std::filesystem::path& path);

}  // namespace ranksent
