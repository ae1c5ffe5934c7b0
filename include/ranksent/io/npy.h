// NumPy .npy output (format 1.0, little-endian float32, C order).
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace ranksent {

// Writes a [rows, cols] float32 matrix atomically.
void write_npy(const std::filesystem::path& path, const std::vector<float>& data, std::int64_t rows, std::int64_t cols);

}  // namespace ranksent
