// safetensors: round trips, the default encoder's real file against the
// shapes its config.json implies, and malformed files rejected clearly.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/safetensors.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;

namespace {
template <class T>
std::span<const std::byte> as_bytes_of(const std::vector<T>& v) {
  return std::as_bytes(std::span<const T>(v));
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::string error_of(const std::filesystem::path& p) {
  try {
    SafetensorsFile::open(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Safetensors, HalfAndBfloat16Conversion) {
  EXPECT_EQ(half_to_float(0x3c00), 1.0f);
  EXPECT_EQ(half_to_float(0xc000), -2.0f);
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_TRUE(std::isinf(half_to_float(0x7c00)));
  EXPECT_EQ(bfloat16_to_float(0x3f80), 1.0f);
  EXPECT_EQ(bfloat16_to_float(0xc0a0), -5.0f);
}

TEST(Safetensors, RoundTripOfEveryFloatDtype) {
  auto dir = test::scratch_dir("rt");
  std::vector<float> f32 = {1.5f, -2.25f, 3.0f, 0.0f, 1e-3f, 7.0f};
  std::vector<std::uint16_t> f16 = {0x3c00, 0xc000, 0x3800};  // 1, -2, 0.5
  std::vector<std::uint16_t> bf16 = {0x3f80, 0xc0a0};         // 1, -5
  std::vector<std::int64_t> ids = {101, 2023, 102};
  write_safetensors(dir / "t.safetensors",
                    {{"a.weight", DType::F32, {2, 3}, as_bytes_of(f32)},
                     {"b", DType::F16, {3}, as_bytes_of(f16)},
                     {"c", DType::BF16, {1, 2}, as_bytes_of(bf16)},
                     {"ids", DType::I64, {3}, as_bytes_of(ids)}},
                    {{"format", "pt"}});
  auto file = SafetensorsFile::open(dir / "t.safetensors");
  ASSERT_EQ(file.tensors().size(), 4u);
  EXPECT_EQ(file.metadata().at("format"), "pt");
  const auto& a = file.at("a.weight");
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(file.to_float(a), f32);
  EXPECT_EQ(file.to_float(file.at("b")), (std::vector<float>{1.0f, -2.0f, 0.5f}));
  EXPECT_EQ(file.to_float(file.at("c")), (std::vector<float>{1.0f, -5.0f}));
  auto raw = file.bytes(file.at("ids"));
  ASSERT_EQ(raw.size(), 24u);
  EXPECT_EQ(std::memcmp(raw.data(), ids.data(), 24), 0);
  EXPECT_EQ(file.find("missing"), nullptr);
  EXPECT_THROW(file.at("missing"), InputError);
  EXPECT_THROW(file.to_float(file.at("ids")), InputError);

  // Header is 8-byte aligned, as the reference writer makes it.
  std::string bytes = read_all(dir / "t.safetensors");
  std::uint64_t n;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  // Writing what we read gives the same bytes.
  std::vector<TensorView> again;
  for (const auto& t : file.tensors()) again.push_back({t.name, t.dtype, t.shape, file.bytes(t)});
  write_safetensors(dir / "u.safetensors", again, file.metadata());
  EXPECT_EQ(read_all(dir / "u.safetensors"), bytes);
}

TEST(Safetensors, DefaultEncoderMatchesItsConfig) {
  auto dir = default_encoder().path;
  auto config = nlohmann::json::parse(read_all(dir / "config.json"));
  const std::int64_t h = config["hidden_size"], inter = config["intermediate_size"];
  const std::int64_t layers = config["num_hidden_layers"];
  auto file = SafetensorsFile::open(dir / "model.safetensors");
  auto shape = [&](const std::string& name) {
    const auto* t = file.find(name);
    if (!t) t = file.find("bert." + name);
    EXPECT_NE(t, nullptr) << name;
    return t ? t->shape : std::vector<std::int64_t>{};
  };
  using S = std::vector<std::int64_t>;
  EXPECT_EQ(shape("embeddings.word_embeddings.weight"), (S{config["vocab_size"], h}));
  EXPECT_EQ(shape("embeddings.position_embeddings.weight"), (S{config["max_position_embeddings"], h}));
  EXPECT_EQ(shape("embeddings.token_type_embeddings.weight"), (S{config["type_vocab_size"], h}));
  EXPECT_EQ(shape("embeddings.LayerNorm.weight"), (S{h}));
  for (std::int64_t l = 0; l < layers; ++l) {
    std::string p = "encoder.layer." + std::to_string(l) + ".";
    for (const char* qkv : {"query", "key", "value"}) {
      EXPECT_EQ(shape(p + "attention.self." + qkv + ".weight"), (S{h, h}));
      EXPECT_EQ(shape(p + "attention.self." + qkv + ".bias"), (S{h}));
    }
    EXPECT_EQ(shape(p + "attention.output.dense.weight"), (S{h, h}));
    EXPECT_EQ(shape(p + "attention.output.LayerNorm.weight"), (S{h}));
    EXPECT_EQ(shape(p + "intermediate.dense.weight"), (S{inter, h}));
    EXPECT_EQ(shape(p + "output.dense.weight"), (S{h, inter}));
    EXPECT_EQ(shape(p + "output.LayerNorm.bias"), (S{h}));
  }
  // Older checkpoints also store the position_ids buffer (int64).
  const auto* position_ids = file.find("embeddings.position_ids");
  if (position_ids) {
    EXPECT_EQ(position_ids->dtype, DType::I64);
    EXPECT_EQ(position_ids->shape, (S{1, config["max_position_embeddings"]}));
  }
  // 5 embedding tensors + 16 per layer (+ 2 for a pooler, + the buffer).
  std::size_t expected =
      5 + 16 * std::size_t(layers) + (file.find("pooler.dense.weight") ? 2 : 0) + (position_ids ? 1 : 0);
  EXPECT_EQ(file.tensors().size(), expected);
  for (const auto& t : file.tensors()) {
    if (&t != position_ids) {
      EXPECT_EQ(t.dtype, DType::F32) << t.name;
    }
  }
}

TEST(Safetensors, TruncatedFileIsRejected) {
  auto dir = test::scratch_dir("trunc");
  std::vector<float> v(1000, 1.0f);
  write_safetensors(dir / "ok.safetensors", {{"w", DType::F32, {1000}, as_bytes_of(v)}});
  std::string bytes = read_all(dir / "ok.safetensors");
  write_all(dir / "cut.safetensors", bytes.substr(0, bytes.size() / 2));
  std::string err = error_of(dir / "cut.safetensors");
  EXPECT_NE(err.find("cut.safetensors"), std::string::npos) << err;
  EXPECT_NE(err.find("past the data section"), std::string::npos) << err;
  EXPECT_NE(err.find("'w'"), std::string::npos) << err;

  write_all(dir / "tiny.safetensors", bytes.substr(0, 5));
  EXPECT_NE(error_of(dir / "tiny.safetensors").find("shorter than the 8-byte header"), std::string::npos);
  write_all(dir / "header-cut.safetensors", bytes.substr(0, 20));
  EXPECT_NE(error_of(dir / "header-cut.safetensors").find("runs past the end of the file"), std::string::npos);
}

TEST(Safetensors, MalformedHeadersAreRejected) {
  auto dir = test::scratch_dir("bad");
  auto with_header = [&](const std::string& name, const std::string& header, std::size_t data_bytes) {
    std::string bytes(8, '\0');
    std::uint64_t n = header.size();
    std::memcpy(bytes.data(), &n, 8);
    bytes += header + std::string(data_bytes, '\0');
    write_all(dir / name, bytes);
    return error_of(dir / name);
  };
  EXPECT_NE(with_header("past.st", R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8)
                .find("past the data section"),
            std::string::npos);
  EXPECT_NE(with_header("size.st", R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", 16).find("need 12"),
            std::string::npos);
  EXPECT_NE(
      with_header("dtype.st", R"({"w":{"dtype":"Q4","shape":[4],"data_offsets":[0,4]}})", 4).find("unsupported dtype"),
      std::string::npos);
  EXPECT_NE(with_header("json.st", R"({"w":)", 0).find("not JSON"), std::string::npos);
  EXPECT_NE(
      with_header(
          "overlap.st",
          R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
          12)
          .find("overlaps"),
      std::string::npos);
  EXPECT_NE(error_of(dir / "absent.st").find("cannot open"), std::string::npos);
}

// Found by fuzzing (fuzz/corpus/safetensors/regress_shape_*): a shape whose
// element count overflows int64 was undefined behaviour, and one whose byte
// size wraps around to 0 was accepted without data (to_float then asked for
// 2^62 floats).
TEST(Safetensors, ShapesTooLargeForAnyFileAreRejected) {
  auto dir = test::scratch_dir("huge-shape");
  auto header_only = [&](const std::string& name, const std::string& header) {
    std::string bytes(8, '\0');
    std::uint64_t n = header.size();
    std::memcpy(bytes.data(), &n, 8);
    write_all(dir / name, bytes + header);
    return dir / name;
  };
  for (const char* shape : {"[4611686018427387904]", "[4611686018427387904,4]", "[4611686018427387904,3,0]"}) {
    const auto file =
        header_only("huge.st", std::string(R"({"w":{"dtype":"F32","shape":)") + shape + R"(,"data_offsets":[0,0]}})");
    const std::string err = error_of(file);
    EXPECT_NE(err.find("is too large for any file"), std::string::npos) << shape << ": " << err;
    EXPECT_NE(err.find("field 'w'"), std::string::npos) << err;
  }
  // An empty dimension is still an empty tensor.
  auto st =
      SafetensorsFile::open(header_only("empty.st", R"({"e":{"dtype":"U8","shape":[0,3],"data_offsets":[0,0]}})"));
  EXPECT_EQ(st.at("e").numel(), 0);
  // Found by fuzzing (regress_empty_f32): to_float of an empty F32 tensor
  // copied 0 bytes to a null pointer (undefined; UBSan's report).
  auto f32 =
      SafetensorsFile::open(header_only("empty32.st", R"({"e":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}})"));
  EXPECT_TRUE(f32.to_float(f32.at("e")).empty());
}
