// Errors a user can act on. An InputError names the file, and where known the
// line and field, of the bad input; the CLI turns it into exit status 2.
#pragma once
#include <stdexcept>
#include <string>

namespace ranksent {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string reason, long line = 0, std::string field = {});

  const std::string& file() const noexcept { return file_; }
  long line() const noexcept { return line_; }
  const std::string& field() const noexcept { return field_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string file_;
  long line_;
  std::string field_;
  std::string reason_;
};

}  // namespace ranksent
