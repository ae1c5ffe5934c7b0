// Reads a whole JSON file; a missing, unreadable or malformed file becomes a
// ranksent::InputError with the file and the line of the syntax error.
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

namespace ranksent::text::detail {

nlohmann::json read_json_file(const std::filesystem::path& file);

}  // namespace ranksent::text::detail
