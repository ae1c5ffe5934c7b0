// Checks of a loaded Encoder that the parity tests of every architecture
// share (linked into the LibTorch tests only).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "ranksent/encode/encoder.h"

namespace ranksent::test {

// Each pooling, unnormalised, against transformers' AutoModel on the
// encoder's directory: max |diff| <= 1e-4, each printed with `label`.
void expect_each_pooling_matches_transformers(const Encoder& encoder, const std::vector<std::string>& sentences,
                                              const std::string& label);

// Saves `encoder` into a scratch directory: `files` exist there, every saved
// tensor equals its source bit for bit, the directory loads back to the same
// embeddings of `sentences`, and sentence-transformers embeds them within
// `tolerance`. Returns the number of tensors saved.
std::size_t expect_save_round_trip(const Encoder& encoder, const std::vector<std::string>& files,
                                   const std::vector<std::string>& sentences, float tolerance,
                                   const std::string& label);

}  // namespace ranksent::test
