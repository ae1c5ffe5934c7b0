// The one reader of SNLI's SentEval layout, used by the SNLIRerank builder
// and by `ranksent snli-lists`.
#include "ranksent/eval/snli_data.h"
#include "ranksent/error.h"
#include "ranksent/eval/text_files.h"

namespace ranksent::eval {

namespace fs = std::filesystem;

std::vector<SnliPair> read_snli(const fs::path& dir, const std::string& split) {
  if (!fs::is_directory(dir)) throw TaskMissing("SNLI: folder " + dir.string() + " not found");
  const fs::path f1 = dir / ("s1." + split), f2 = dir / ("s2." + split), fl = dir / ("labels." + split);
  const auto s1 = read_lines(f1), s2 = read_lines(f2), labels = read_lines(fl);
  if (s1.size() != s2.size() || s1.size() != labels.size())
    throw InputError(fl.string(), "s1/s2/labels line counts differ: " + std::to_string(s1.size()) + " / " +
                                      std::to_string(s2.size()) + " / " + std::to_string(labels.size()));
  std::vector<SnliPair> out;
  out.reserve(s1.size());
  for (std::size_t i = 0; i < s1.size(); ++i) {
    const long n = long(i + 1);
    check_utf8(s1[i], f1, n);
    check_utf8(s2[i], f2, n);
    SnliPair p{whitespace_join(s1[i]), whitespace_join(s2[i]), whitespace_join(labels[i]), n};
    if (p.label != "entailment" && p.label != "neutral" && p.label != "contradiction")
      throw InputError(fl.string(), "label '" + p.label + "' is not entailment, neutral or contradiction", n);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace ranksent::eval
