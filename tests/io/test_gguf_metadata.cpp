// The GGUF metadata reader on hand-made files: the value types it reads, and
// lengths and counts that a small file cannot hold refused before anything is
// allocated or skipped (found by fuzzing: fuzz/corpus/gguf/regress_*).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <fstream>

#include "ranksent/error.h"
#include "ranksent/io/gguf_metadata.h"
#include "support/environment.h"

using namespace ranksent;

namespace {

template <class T>
std::string le(T v) {
  std::string b(sizeof(T), '\0');
  std::memcpy(b.data(), &v, sizeof(T));
  return b;
}
std::string str(const std::string& s) { return le<std::uint64_t>(s.size()) + s; }
std::string gguf(std::uint64_t kv_count, const std::string& kvs) {
  return "GGUF" + le<std::uint32_t>(3) + le<std::uint64_t>(0) + le<std::uint64_t>(kv_count) + kvs;
}
constexpr std::uint32_t kU32 = 4, kString = 8, kArray = 9, kF64 = 12;

std::filesystem::path write(const std::string& name, const std::string& bytes) {
  auto file = test::scratch_dir("gguf-" + name) / (name + ".gguf");
  std::ofstream(file, std::ios::binary) << bytes;
  return file;
}

InputError error_of(const std::filesystem::path& file) {
  try {
    read_gguf_metadata(file);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << file << " was accepted";
  return InputError("", "");
}

}  // namespace

TEST(GgufMetadata, ReadsScalarsAndSummarisesArrays) {
  const auto file = write(
      "ok", gguf(4, str("general.architecture") + le(kString) + str("llama") + str("llama.context_length") + le(kU32) +
                        le<std::uint32_t>(2048) + str("x.f64") + le(kF64) + le(0.25) + str("tokenizer.ggml.tokens") +
                        le(kArray) + le(kString) + le<std::uint64_t>(2) + str("a") + str("bc")));
  const auto meta = read_gguf_metadata(file);
  EXPECT_EQ(meta.version, 3u);
  EXPECT_EQ(meta.string_value("general.architecture"), "llama");
  EXPECT_EQ(meta.int_value("llama.context_length"), 2048);
  EXPECT_EQ(meta.values.at("x.f64"), 0.25);
  EXPECT_EQ(meta.array_length("tokenizer.ggml.tokens"), 2u);
}

// A file of a few bytes claiming a 553 MB string made the reader allocate it.
TEST(GgufMetadata, StringLongerThanTheFileIsRefusedBeforeAllocating) {
  const auto file = write("long", gguf(1, le<std::uint64_t>(553651564) + "k"));
  const auto e = error_of(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_NE(std::string(e.what()).find("runs past the end of the file"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("end of file"), std::string::npos) << e.what();
}

// An element length above 2^63 seeked backwards: the same length was read
// again, forever (a hang).
TEST(GgufMetadata, HugeArrayLengthsAreRefusedNotSkipped) {
  const auto start = std::chrono::steady_clock::now();
  const auto back = write(
      "back", gguf(1, str("k") + le(kArray) + le(kString) + le<std::uint64_t>(~0ull) + le<std::uint64_t>(~0ull - 7)));
  auto e = error_of(back);
  EXPECT_EQ(e.field(), "k");
  EXPECT_NE(std::string(e.what()).find("unexpected end of file"), std::string::npos) << e.what();
  // 2^61 + 1 eight-byte values: the byte count wrapped around to 8.
  const auto wrap = write(
      "wrap", gguf(1, str("k") + le(kArray) + le(kF64) + le<std::uint64_t>((1ull << 61) + 1) + std::string(8, '\0')));
  e = error_of(wrap);
  EXPECT_EQ(e.field(), "k");
  EXPECT_NE(std::string(e.what()).find("elements runs past the end of the file"), std::string::npos) << e.what();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// A string value that is not UTF-8 made every dump() of it throw (`ranksent
// inspect` exited 1); its bad bytes are read as U+FFFD.
TEST(GgufMetadata, InvalidUtf8StringValueIsReplaced) {
  const auto file = write("utf8", gguf(1, str("general.name") + le(kString) + str("caf\xC3")));
  const auto meta = read_gguf_metadata(file);
  EXPECT_EQ(meta.string_value("general.name"), "caf\xEF\xBF\xBD");
  EXPECT_NO_THROW((void)meta.values.at("general.name").dump());
}
