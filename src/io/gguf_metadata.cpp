#include "ranksent/io/gguf_metadata.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "ranksent/error.h"
#include "ranksent/io/sentence_file.h"

namespace ranksent {

namespace {

enum GgufType : std::uint32_t { kU8 = 0, kI8, kU16, kI16, kU32, kI32, kF32, kBool, kString, kArray, kU64, kI64, kF64 };

class Reader {
 public:
  explicit Reader(const std::filesystem::path& path) : path_(path.string()), in_(path, std::ios::binary) {
    if (!in_) throw InputError(path_, "cannot open file");
    in_.seekg(0, std::ios::end);
    size_ = std::uint64_t(std::max<std::streamoff>(in_.tellg(), 0));
    in_.seekg(0);
  }
  template <class T>
  T read() {
    T v;
    in_.read(reinterpret_cast<char*>(&v), sizeof(T));
    if (in_.gcount() != std::streamsize(sizeof(T))) fail("unexpected end of file in the metadata");
    return v;
  }
  std::string read_string() {
    auto n = read<std::uint64_t>();
    if (n > (1u << 30)) fail("string length " + std::to_string(n) + " is implausible");
    // Checked before the string is allocated: a few bytes must not claim a gigabyte.
    if (n > remaining())
      fail("string length " + std::to_string(n) + " runs past the end of the file (" + std::to_string(size_) +
           " bytes): unexpected end of file in a string");
    std::string s(n, '\0');
    in_.read(s.data(), std::streamsize(n));
    if (in_.gcount() != std::streamsize(n)) fail("unexpected end of file in a string");
    return s;
  }
  // A length past the end is refused before seeking: seekg goes past the end
  // without complaint, and a length above 2^63 would seek backwards.
  void skip(std::uint64_t bytes, const std::string& field = {}) {
    if (bytes > remaining()) fail("unexpected end of file in the metadata", field);
    in_.seekg(std::streamoff(bytes), std::ios::cur);
    if (!in_) fail("unexpected end of file");
  }
  // Array bytes without overflow: a count whose product exceeds the file does not fit it.
  void skip(std::uint64_t count, std::size_t element_size, const std::string& field) {
    if (count > remaining() / element_size)
      fail("array of " + std::to_string(count) + " elements runs past the end of the file", field);
    skip(count * element_size, field);
  }
  [[noreturn]] void fail(const std::string& reason, const std::string& field = {}) {
    throw InputError(path_, "not a valid GGUF file: " + reason, 0, field);
  }

 private:
  std::uint64_t remaining() {
    const auto pos = in_.tellg();
    return pos < 0 || std::uint64_t(pos) > size_ ? 0 : size_ - std::uint64_t(pos);
  }

  std::string path_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

std::size_t scalar_size(std::uint32_t type) {
  switch (type) {
    case kU8:
    case kI8:
    case kBool:
      return 1;
    case kU16:
    case kI16:
      return 2;
    case kU32:
    case kI32:
    case kF32:
      return 4;
    case kU64:
    case kI64:
    case kF64:
      return 8;
    default:
      return 0;
  }
}

nlohmann::json read_scalar(Reader& r, std::uint32_t type, const std::string& key) {
  switch (type) {
    case kU8:
      return r.read<std::uint8_t>();
    case kI8:
      return r.read<std::int8_t>();
    case kU16:
      return r.read<std::uint16_t>();
    case kI16:
      return r.read<std::int16_t>();
    case kU32:
      return r.read<std::uint32_t>();
    case kI32:
      return r.read<std::int32_t>();
    case kF32:
      return r.read<float>();
    case kBool:
      return r.read<std::uint8_t>() != 0;
    // GGUF strings are UTF-8; one that is not would make every dump() of the
    // value throw (`ranksent inspect` exited 1), so its bad bytes become U+FFFD.
    case kString:
      return replace_invalid_utf8(r.read_string());
    case kU64:
      return r.read<std::uint64_t>();
    case kI64:
      return r.read<std::int64_t>();
    case kF64:
      return r.read<double>();
    default:
      r.fail("unknown value type " + std::to_string(type), key);
  }
}

}  // namespace

GgufMetadata read_gguf_metadata(const std::filesystem::path& path) {
  Reader r(path);
  char magic[4];
  for (char& c : magic) c = char(r.read<std::uint8_t>());
  if (std::memcmp(magic, "GGUF", 4) != 0) r.fail("the file does not start with the magic bytes 'GGUF'");
  GgufMetadata meta;
  meta.version = r.read<std::uint32_t>();
  if (meta.version < 2 || meta.version > 3) r.fail("unsupported GGUF version " + std::to_string(meta.version));
  meta.tensor_count = r.read<std::uint64_t>();
  auto kv_count = r.read<std::uint64_t>();
  if (kv_count > 1'000'000) r.fail("implausible metadata count " + std::to_string(kv_count));
  for (std::uint64_t i = 0; i < kv_count; ++i) {
    std::string key = r.read_string();
    auto type = r.read<std::uint32_t>();
    if (type != kArray) {
      meta.values[key] = read_scalar(r, type, key);
      continue;
    }
    auto elem = r.read<std::uint32_t>();
    auto n = r.read<std::uint64_t>();
    if (elem == kString) {
      for (std::uint64_t k = 0; k < n; ++k) r.skip(r.read<std::uint64_t>(), key);
    } else if (std::size_t sz = scalar_size(elem)) {
      r.skip(n, sz, key);
    } else {
      r.fail("unsupported array element type " + std::to_string(elem), key);
    }
    meta.values[key] = {{"array_of", elem}, {"length", n}};
  }
  return meta;
}

std::string GgufMetadata::string_value(const std::string& key) const {
  auto it = values.find(key);
  return it != values.end() && it->second.is_string() ? it->second.get<std::string>() : std::string();
}

std::int64_t GgufMetadata::int_value(const std::string& key, std::int64_t fallback) const {
  auto it = values.find(key);
  return it != values.end() && it->second.is_number_integer() ? it->second.get<std::int64_t>() : fallback;
}

std::uint64_t GgufMetadata::array_length(const std::string& key) const {
  auto it = values.find(key);
  return it != values.end() && it->second.is_object() ? it->second["length"].get<std::uint64_t>() : 0;
}

}  // namespace ranksent
