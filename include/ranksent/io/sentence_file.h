// Sentences from a text file (one a line) or a JSONL file (one object a
// line, the sentence in a named field). Every line is checked to be UTF-8;
// a bad line is an InputError naming the file and line, unless invalid bytes
// are to be replaced with U+FFFD.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

struct SentenceFileOptions {
  std::string field = "sentence";  // JSONL: the field holding the text
  bool replace_invalid_utf8 = false;
  bool skip_empty = false;
};

// Format from the extension: .jsonl / .json is JSONL, anything else text.
std::vector<std::string> read_sentences(const std::filesystem::path& path, const SentenceFileOptions& options = {});

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t find_invalid_utf8(const std::string& text);
// Replaces every invalid UTF-8 sequence with U+FFFD.
std::string replace_invalid_utf8(const std::string& text);

}  // namespace ranksent
