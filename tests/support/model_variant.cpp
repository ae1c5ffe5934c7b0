#include "support/model_variant.h"

#include <fstream>

namespace ranksent::test {

namespace fs = std::filesystem;

fs::path cls_pooling_variant(const fs::path& model, const fs::path& out) {
  fs::create_directories(out);
  const fs::path pooling = fs::path("1_Pooling") / "config.json";
  for (const auto& e : fs::recursive_directory_iterator(model)) {
    const auto rel = fs::relative(e.path(), model);
    if (e.is_directory())
      fs::create_directories(out / rel);
    else if (rel != pooling)
      fs::create_symlink(fs::absolute(e.path()), out / rel);
  }
  fs::create_directories(out / "1_Pooling");
  std::ofstream(out / pooling) << R"({"word_embedding_dimension": 384, "pooling_mode_cls_token": true,
  "pooling_mode_mean_tokens": false, "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false})";
  return out;
}

}  // namespace ranksent::test
