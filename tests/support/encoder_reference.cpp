#include "support/encoder_reference.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/environment.h"

namespace ranksent::test {

std::vector<std::string> unique_sentences(const std::vector<SentenceColumns>& sources, std::size_t count) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& source : sources) {
    std::ifstream in(source.file);
    EXPECT_TRUE(in) << "cannot read " << source.file;
    std::string line;
    if (source.skip_header) std::getline(in, line);
    const std::size_t stop = source.limit ? std::min(count, out.size() + source.limit) : count;
    while (out.size() < stop && std::getline(in, line)) {
      std::vector<std::string> cols;
      std::size_t start = 0, tab;
      while ((tab = line.find('\t', start)) != std::string::npos) {
        cols.push_back(line.substr(start, tab - start));
        start = tab + 1;
      }
      cols.push_back(line.substr(start));
      for (int c : source.columns)
        if (out.size() < stop && std::size_t(c) < cols.size() && !cols[c].empty() && seen.insert(cols[c]).second)
          out.push_back(cols[c]);
    }
  }
  return out;
}

std::filesystem::path write_jsonl(const std::filesystem::path& dir, const std::vector<std::string>& sentences) {
  auto p = dir / "sentences.jsonl";
  std::ofstream out(p);
  for (const auto& s : sentences) out << nlohmann::json(s).dump() << "\n";
  return p;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  float m = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

NpyMatrix reference_embeddings(const std::filesystem::path& model, const std::filesystem::path& input,
                               const std::filesystem::path& out, const std::string& pooling) {
  auto r = run_python("encoder_reference.py", "embed --model '" + model.string() + "' --input '" + input.string() +
                                                  "' --output '" + out.string() + "' --pooling " + pooling);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return read_npy(out);
}

}  // namespace ranksent::test
