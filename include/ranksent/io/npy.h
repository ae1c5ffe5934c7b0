// NumPy .npy output (format 1.0, little-endian float32, C order).
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace ranksent {

// Writes a [rows, cols] float32 matrix atomically.
void write_npy(const std::filesystem::path& path, const std::vector<float>& data, std::int64_t rows, std::int64_t cols);

}  // namespace ranksent

namespace ranksent {

struct NpyMatrix {
  std::vector<float> data;
  std::int64_t rows = 0, cols = 0;
};

// Reads a 1-D or 2-D little-endian float32 (or float64, converted) C-order
// .npy file; anything else is an InputError naming the file.
NpyMatrix read_npy(const std::filesystem::path& path);

}  // namespace ranksent
