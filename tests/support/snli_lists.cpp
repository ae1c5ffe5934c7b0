#include "support/snli_lists.h"

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "support/environment.h"

namespace ranksent::test {

std::vector<std::vector<std::string>> snli_lists(std::size_t count, std::size_t length) {
  auto dir = data_dir() / "SNLI";
  std::ifstream s1(dir / "s1.dev"), s2(dir / "s2.dev"), labels(dir / "labels.dev");
  struct Group {
    std::string premise;
    std::map<std::string, std::string> by_label;
  };
  std::vector<Group> groups;
  std::string a, b, l;
  auto trim = [](std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
  };
  while (std::getline(s1, a) && std::getline(s2, b) && std::getline(labels, l)) {
    a = trim(a);
    if (groups.empty() || groups.back().premise != a) groups.push_back({a, {}});
    groups.back().by_label.emplace(trim(l), trim(b));
  }
  std::vector<Group> complete;
  for (auto& g : groups)
    if (g.by_label.size() == 3) complete.push_back(g);
  std::vector<std::vector<std::string>> lists;
  for (std::size_t i = 0; i < complete.size() && lists.size() < count; ++i) {
    const auto& g = complete[i];
    std::vector<std::string> list = {g.premise, g.by_label.at("entailment"), g.by_label.at("neutral"),
                                     g.by_label.at("contradiction")};
    for (std::size_t k = 1; list.size() < length; ++k) list.push_back(complete[(i + 7 * k) % complete.size()].premise);
    lists.push_back(std::move(list));
  }
  return lists;
}

void write_lists_jsonl(const std::filesystem::path& path, const std::vector<std::vector<std::string>>& lists) {
  std::ofstream out(path);
  for (std::size_t i = 0; i < lists.size(); ++i) {
    nlohmann::json j = {{"id", i}, {"seed", lists[i][0]}, {"sentences", lists[i]}, {"strategy", "snli-fixture"},
                        {"steps", lists[i].size() - 1}, {"rejected", nullptr}};
    out << j.dump() << "\n";
  }
}

}  // namespace ranksent::test
