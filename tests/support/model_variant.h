// A second teacher for the training tests: the default encoder's weights and
// tokenizer (symbolic links) under another sentence-transformers pooling.
#pragma once
#include <filesystem>

namespace ranksent::test {

// `out` holds links to every file of `model` except 1_Pooling/config.json,
// which declares CLS-token pooling (the raw [CLS] state) instead.
std::filesystem::path cls_pooling_variant(const std::filesystem::path& model, const std::filesystem::path& out);

}  // namespace ranksent::test
