// What the encoder parity tests share: real sentences from the shared data,
// and the same sentences embedded by tests/reference/encoder_reference.py
// (transformers / sentence-transformers).
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/io/npy.h"

namespace ranksent::test {

// A tab-separated file and the columns that hold sentences.
struct SentenceColumns {
  std::filesystem::path file;
  std::vector<int> columns;
  bool skip_header = false;
  std::size_t limit = 0;  // at most this many sentences from the file (0 = no limit)
};

// Distinct non-empty sentences in file order, at most `count` in all.
std::vector<std::string> unique_sentences(const std::vector<SentenceColumns>& sources, std::size_t count);

// dir/sentences.jsonl, one JSON string a line.
std::filesystem::path write_jsonl(const std::filesystem::path& dir, const std::vector<std::string>& sentences);

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b);

// encoder_reference.py embed: pooling "st" (SentenceTransformer.encode) or
// mean | cls | cls_before_pooler on transformers' AutoModel.
NpyMatrix reference_embeddings(const std::filesystem::path& model, const std::filesystem::path& input,
                               const std::filesystem::path& out, const std::string& pooling);

}  // namespace ranksent::test
