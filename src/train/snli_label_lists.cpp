#include "ranksent/train/snli_label_lists.h"

#include <map>

#include "ranksent/error.h"
#include "ranksent/eval/snli_data.h"

namespace ranksent {

std::vector<RankingList> snli_label_lists(const std::filesystem::path& snli_dir, std::size_t count, std::size_t length,
                                          const std::string& split) {
  if (length < 4) throw UsageError("an SNLI-label list has at least 4 sentences (premise and three hypotheses)");
  struct Group {
    std::string premise;
    std::map<std::string, std::string> by_label;  // the first hypothesis of each label
  };
  if (!std::filesystem::is_directory(snli_dir)) throw InputError((snli_dir / ("s1." + split)).string(), "not found");
  std::vector<Group> groups;
  for (auto& p : eval::read_snli(snli_dir, split)) {
    if (groups.empty() || groups.back().premise != p.premise) groups.push_back({p.premise, {}});
    groups.back().by_label.emplace(p.label, p.hypothesis);
  }
  std::vector<const Group*> complete;
  for (const auto& g : groups)
    if (g.by_label.size() == 3) complete.push_back(&g);
  std::vector<RankingList> lists;
  for (std::size_t i = 0; i < complete.size() && lists.size() < count; ++i) {
    const Group& g = *complete[i];
    RankingList r;
    r.id = i;
    r.seed = g.premise;
    r.sentences = {g.premise, g.by_label.at("entailment"), g.by_label.at("neutral"), g.by_label.at("contradiction")};
    for (std::size_t k = 1; r.sentences.size() < length; ++k)
      r.sentences.push_back(complete[(i + 7 * k) % complete.size()]->premise);
    r.strategy = "snli-labels";
    r.steps = int(length) - 1;
    lists.push_back(std::move(r));
  }
  return lists;
}

}  // namespace ranksent
