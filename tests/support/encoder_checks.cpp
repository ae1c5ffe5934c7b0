#include "support/encoder_checks.h"

#include <cstring>
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "ranksent/io/safetensors.h"
#include "support/encoder_reference.h"
#include "support/environment.h"

namespace ranksent::test {

void expect_each_pooling_matches_transformers(const Encoder& encoder, const std::vector<std::string>& sentences,
                                              const std::string& label) {
  auto dir = scratch_dir("pool");
  auto input = write_jsonl(dir, sentences);
  for (Pooling p : {Pooling::Mean, Pooling::ClsBeforePooler, Pooling::Cls}) {
    auto ref = reference_embeddings(encoder.directory(), input, dir / "ref.npy", pooling_name(p));
    auto ours = encoder.encode(sentences, {.batch_size = 32, .pooling = p, .normalize = false});
    float diff = max_abs_diff(ours, ref.data);
    std::cout << "[parity] " << label << ", transformers, pooling " << pooling_name(p) << ", " << ref.rows
              << " sentences: max |diff| = " << diff << "\n";
    EXPECT_LE(diff, 1e-4f) << pooling_name(p);
  }
}

std::size_t expect_save_round_trip(const Encoder& encoder, const std::vector<std::string>& files,
                                   const std::vector<std::string>& sentences, float tolerance,
                                   const std::string& label) {
  auto dir = scratch_dir("save");
  encoder.save(dir / "saved");
  for (const auto& f : files) EXPECT_TRUE(std::filesystem::exists(dir / "saved" / f)) << f;
  // Every parameter is stored bit for bit.
  auto original = SafetensorsFile::open(encoder.directory() / "model.safetensors");
  auto saved = SafetensorsFile::open(dir / "saved" / "model.safetensors");
  for (const auto& t : saved.tensors()) {
    const auto& o = original.at(t.name);
    EXPECT_EQ(o.shape, t.shape) << t.name;
    auto a = original.bytes(o), b = saved.bytes(t);
    EXPECT_TRUE(a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0) << t.name;
  }
  // Loads back to the same embeddings, here and in sentence-transformers.
  auto ours = encoder.encode(sentences);
  EXPECT_EQ(Encoder::load(dir / "saved").encode(sentences), ours);
  auto ref = reference_embeddings(dir / "saved", write_jsonl(dir, sentences), dir / "st.npy", "st");
  float diff = max_abs_diff(ours, ref.data);
  std::cout << "[parity] saved " << label << " in sentence-transformers, " << ref.rows
            << " sentences: max |diff| = " << diff << "\n";
  EXPECT_LE(diff, tolerance);
  return saved.tensors().size();
}

}  // namespace ranksent::test
