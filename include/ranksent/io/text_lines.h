// The one line reader: a text file or a .gz file, '\n'-separated, a
// trailing '\r' dropped. Throws InputError naming the file when it cannot be
// read or decompressed.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

std::vector<std::string> read_lines(const std::filesystem::path& path);

}  // namespace ranksent
