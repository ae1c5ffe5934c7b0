// The premise pool that seed selection samples from (docs/method.md section
// 1): lines of text files, a field of JSONL files or a column of TSV files
// (SNLI-train's cat/*.csv), normalised and de-duplicated, minus the
// sentences of --exclude files (SNLI premises are Flickr30k captions, so a
// pool can hold evaluation sentences).
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent {

struct PremiseReadOptions {
  std::string field = "sentence";  // JSONL: the field holding the text
  int column = 0;                  // .csv / .tsv: the 1-based tab-separated column (required for them)
};

struct Premise {
  std::string text;    // whitespace collapsed, trimmed
  std::string source;  // "file:line"
};

struct PremisePool {
  std::vector<Premise> premises;  // unique, in first-seen order
  std::size_t lines = 0;          // non-blank lines read
  std::size_t duplicates = 0;     // collapsed onto an earlier premise (same key)
  std::size_t excluded = 0;       // dropped: the key of an --exclude sentence
  std::size_t no_text = 0;        // dropped: no letter or digit at all
};

// The de-duplication key: lowercase ASCII letters and digits and every
// non-ASCII byte, nothing else, so "A dog runs." and "a dog runs" collapse
// (the caption pool's capitalised first letter and SNLI's spelling alike).
std::string premise_key(std::string_view text);

// A TSV field written with pandas-style quoting ("..." with "" inside) unquoted.
std::string unquote_field(std::string_view field);

// InputError naming the file and line for invalid UTF-8, a missing field or
// column, or a NUL byte; UsageError for a .csv/.tsv input without a column.
PremisePool read_premise_pool(const std::vector<std::filesystem::path>& inputs, const PremiseReadOptions& options,
                              const std::vector<std::filesystem::path>& exclude = {});

}  // namespace ranksent
