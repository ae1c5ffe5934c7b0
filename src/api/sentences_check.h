// Sentences handed to the API in memory are checked as files are: every one
// UTF-8, an empty batch refused, a NUL byte refused where the text becomes a
// prompt (llama.cpp takes C strings); the error names the field and the index.
#pragma once
#include <string>
#include <vector>

namespace ranksent::api_detail {

void check_sentences(const std::vector<std::string>& sentences, const std::string& field, bool allow_nul = true);

}  // namespace ranksent::api_detail
