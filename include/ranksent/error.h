// Errors a user can act on, and the program's exit contract (tools/ranksent/main.cpp):
//   InputError  a bad file: names the file, and where known the line and field  -> exit 2
//   UsageError  a bad option or combination of options                          -> exit 2
//     OptionError  one option's value, named by its field in the API's structs
//                  (the CLI names the flag that sets it)                         -> exit 2
//   Interrupted a run stopped by SIGINT/SIGTERM after saving its state           -> exit 130
//   anything else (an internal failure, I/O, llama.cpp, LibTorch)                -> exit 1
#pragma once
#include <stdexcept>
#include <string>
#include <utility>

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

// A std::invalid_argument: a bad option is a bad argument to the library too.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A bad value of one typed option: `field` is its name in the API's option
// structs ("dtype", "loss.omega"), so the message reads the same from C++,
// Python and the CLI. what() is "FIELD: REASON".
class OptionError : public UsageError {
 public:
  OptionError(std::string field, std::string reason)
      : UsageError(field + ": " + reason), field_(std::move(field)), reason_(std::move(reason)) {}
  const std::string& field() const noexcept { return field_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string field_;
  std::string reason_;
};

class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ranksent
