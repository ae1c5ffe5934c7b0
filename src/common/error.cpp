#include "ranksent/error.h"

#include <fmt/core.h>

namespace ranksent {

namespace {
std::string format_message(const std::string& file, const std::string& reason, long line, const std::string& field) {
  std::string where = line > 0 ? fmt::format("{}:{}", file, line) : file;
  if (!field.empty()) return fmt::format("{}: field '{}': {}", where, field, reason);
  return fmt::format("{}: {}", where, reason);
}
}  // namespace

InputError::InputError(std::string file, std::string reason, long line, std::string field)
    : std::runtime_error(format_message(file, reason, line, field)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      reason_(std::move(reason)) {}

}  // namespace ranksent
