// Reading a whole small file (a study file, a JSON record, an image for the
// report) into memory. A missing or unreadable file is an InputError naming
// it. Large inputs stream through LineReader (text_lines.h) instead.
#pragma once
#include <filesystem>
#include <string>

namespace ranksent {

std::string read_whole_file(const std::filesystem::path& file);

}  // namespace ranksent
