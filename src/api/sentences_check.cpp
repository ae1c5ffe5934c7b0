#include "sentences_check.h"

#include <fmt/core.h>

#include "ranksent/error.h"
#include "ranksent/io/sentence_file.h"

namespace ranksent::api_detail {

void check_sentences(const std::vector<std::string>& sentences, const std::string& field, bool allow_nul) {
  if (sentences.empty()) throw OptionError(field, "no sentences (an empty list)");
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    if (const auto at = find_invalid_utf8(sentences[i]); at != std::string::npos)
      throw OptionError(fmt::format("{}[{}]", field, i), fmt::format("not valid UTF-8 (byte {})", at));
    if (const auto nul = sentences[i].find('\0'); !allow_nul && nul != std::string::npos)
      throw OptionError(fmt::format("{}[{}]", field, i), fmt::format("NUL byte at byte {}", nul));
  }
}

}  // namespace ranksent::api_detail
