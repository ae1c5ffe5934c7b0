// `ranksent tokenize`: the token ids and pieces an encoder's tokenizer gives
// a sentence.
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/models.h"
#include "ranksent/text/tokenizer.h"

namespace ranksent::cli {

void add_tokenize_command(CLI::App& app) {
  static std::string model = default_encoder().path.string();
  static std::string text;
  static std::size_t max_length = 0;
  auto* cmd = app.add_subcommand("tokenize", "Tokenize a sentence with an encoder's tokenizer");
  cmd->add_option("--model", model, "Model directory or an encoder tier (ranksent models)")->capture_default_str();
  cmd->add_option("--text", text, "Sentence")->required();
  cmd->add_option("--max-length", max_length, "Truncate to this many tokens, special tokens included");
  cmd->callback([] {
    auto tokenizer = text::Tokenizer::from_directory(resolve_encoder(model));
    auto ids = tokenizer.encode(text, true, max_length);
    std::string pieces, numbers;
    for (auto id : ids) {
      pieces += (pieces.empty() ? "" : " ") + tokenizer.id_to_token(id);
      numbers += (numbers.empty() ? "" : " ") + std::to_string(id);
    }
    fmt::print("{} tokenizer, {} tokens\nids:    {}\npieces: {}\n", tokenizer.kind(), ids.size(), numbers, pieces);
  });
}

}  // namespace ranksent::cli
