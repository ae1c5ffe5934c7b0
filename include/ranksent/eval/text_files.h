// What every evaluation-data loader shares: the absent-task signal, SentEval's
// whitespace joining, and the two checks of each line (docs/evaluation.md).
// Malformed input throws InputError naming the file and line.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ranksent/io/text_lines.h"

namespace ranksent::eval {

// A task whose folder (or file) is not under the data directory: reported,
// not fatal.
class TaskMissing : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Python's ' '.join(s.split()): runs of (Unicode) whitespace become one
// space, none at either end. SentEval tokenises every sentence this way.
std::string whitespace_join(std::string_view text);

// Lines of a text file or a .gz file (ranksent/io/text_lines.h).
using ranksent::read_lines;

// The loaders' two checks: a task folder that is absent is TaskMissing (the
// task is reported missing, not fatal); a line that is not UTF-8 is an
// InputError naming file and line.
void require_dir(const std::filesystem::path& dir, const std::string& task);
void check_utf8(const std::string& line, const std::filesystem::path& file, long line_number);

}  // namespace ranksent::eval
