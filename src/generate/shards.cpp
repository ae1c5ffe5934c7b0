#include "ranksent/generate/shards.h"

#include <charconv>
#include <map>

#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/io/text_lines.h"

namespace ranksent {

Shard parse_shard(std::string_view text) {
  const auto bad = [&] { return UsageError("--shard '" + std::string(text) + "': expected i/N with 0 <= i < N"); };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw bad();
  Shard s;
  auto parse = [](std::string_view t, int& v) {
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && end == t.data() + t.size() && !t.empty();
  };
  if (!parse(text.substr(0, slash), s.index) || !parse(text.substr(slash + 1), s.count)) throw bad();
  if (s.count < 1 || s.index < 0 || s.index >= s.count) throw bad();
  return s;
}

std::string shard_name(const Shard& s) { return std::to_string(s.index) + "/" + std::to_string(s.count); }

int shard_of(const nlohmann::json& id, int count) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a offset basis
  for (unsigned char c : id.dump()) {
    h ^= c;
    h *= 1099511628211ull;  // FNV prime
  }
  return int(h % std::uint64_t(count));
}

namespace {

struct Place {
  std::string file;
  long line = 0;
  std::string where() const { return file + ":" + std::to_string(line); }
};

}  // namespace

MergedLists merge_list_files(const std::vector<std::filesystem::path>& shards, const MergeOptions& options) {
  if (shards.empty()) throw UsageError("give the shard files to merge");
  struct Entry {
    std::string line;
    Place place;
    bool kept = false;
  };
  std::map<std::string, Entry> by_id;  // id JSON text -> record
  std::vector<std::string> order;      // ids in shard order
  std::optional<std::pair<std::map<std::string, std::string>, Place>> first;
  for (const auto& path : shards) {
    const std::string file = path.string();
    if (!std::filesystem::exists(path)) throw InputError(file, "no such shard file");
    long number = 0;
    for (const std::string& line : read_lines(path)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      RankingList r = parse_list_line(line, file, number);
      const Place here{file, number};
      const auto fields = r.run_fields();  // all shards must agree
      if (!first) first.emplace(fields, here);
      for (const auto& [name, value] : fields)
        if (value != first->first.at(name))
          throw InputError(file, "written by another run: '" + value + "', but " + first->second.where() + " has '" +
                                     first->first.at(name) + "'", number, name);
      const std::string key = r.id.dump();
      if (auto it = by_id.find(key); it != by_id.end()) {
        const bool same = RankingList::from_json(nlohmann::json::parse(it->second.line)).to_json() == r.to_json();
        throw InputError(file, "id " + key + " is also at " + it->second.place.where() +
                                   (same ? " (the same list twice: a seed in two shards)" : " (a different list: conflict)"),
                         number, "id");
      }
      by_id.emplace(key, Entry{line, here, !r.rejected});
      order.push_back(key);
    }
  }
  if (options.seeds) {
    auto seeds = read_seed_items(*options.seeds, options.field);
    if (options.limit >= 0 && std::size_t(options.limit) < seeds.size()) seeds.resize(std::size_t(options.limit));
    std::vector<std::string> seed_order;
    std::map<std::string, bool> wanted;
    for (const auto& s : seeds) {
      seed_order.push_back(s.id.dump());
      wanted[s.id.dump()] = true;
    }
    std::size_t missing = 0;
    std::string first_missing;
    for (const auto& id : seed_order)
      if (!by_id.count(id) && missing++ == 0) first_missing = id;
    if (missing > 0)
      throw InputError(options.seeds->string(), std::to_string(missing) + " of " + std::to_string(seed_order.size()) +
                                                    " seeds have no list in the shards (the first: id " + first_missing +
                                                    "); finish or rerun their shard");
    for (const auto& id : order)
      if (!wanted.count(id)) {
        const auto& p = by_id.at(id).place;
        throw InputError(p.file, "id " + id + " is not a seed of " + options.seeds->string(), p.line, "id");
      }
    order = std::move(seed_order);
  }
  MergedLists out;
  for (const auto& id : order) {
    const auto& e = by_id.at(id);
    out.lines.push_back(e.line);
    (e.kept ? out.kept : out.rejected) += 1;
  }
  return out;
}

}  // namespace ranksent
