// One spelling per path before it enters a plan, a fingerprint or a record:
// `dir//cache/`, `dir/./cache` and `dir/cache` are the same folder, and a
// study must not rerun a finished stage because a path was spelt otherwise.
#pragma once
#include <filesystem>
#include <string>

namespace ranksent {

// Lexically normal (no `//`, `.` or `x/..`), no trailing separator, and a
// leading `~/` (from a quoted environment variable) read as $HOME. Does not
// touch the file system: links are not resolved.
std::filesystem::path normal_path(const std::string& path);

}  // namespace ranksent
