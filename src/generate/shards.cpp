#include "ranksent/generate/shards.h"

#include <charconv>
#include <fstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

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
    MergedLists::Line line;
    Place place;
    bool kept = false;
  };
  MergedLists out;
  std::unordered_map<std::string, Entry> by_id;  // id JSON text -> where its record is
  std::vector<std::string> order;                // ids in shard order
  std::optional<std::pair<std::map<std::string, std::string>, Place>> first;
  for (const auto& path : shards) {
    const std::string file = path.string();
    if (!std::filesystem::exists(path)) throw InputError(file, "no such shard file");
    // Records are copied by byte offset while the output is written.
    if (path.extension() == ".gz") throw InputError(file, "a compressed shard cannot be merged: decompress it first");
    out.files.push_back(path);
    LineReader lines(path);
    for (std::string line; lines.next(line);) {
      const long number = lines.number();
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      RankingList r = parse_list_line(line, file, number);
      const Place here{file, number};
      const auto fields = r.run_fields();  // all shards must agree
      if (!first) first.emplace(fields, here);
      for (const auto& [name, value] : fields)
        if (value != first->first.at(name))
          throw InputError(file,
                           "written by another run: '" + value + "', but " + first->second.where() + " has '" +
                               first->first.at(name) + "'",
                           number, name);
      const std::string key = r.id.dump();
      if (auto it = by_id.find(key); it != by_id.end()) {
        const auto& other = it->second;
        std::string other_line;
        MergedLists{out.files, {other.line}, 0, 0}.for_each_line([&](const std::string& l) { other_line = l; });
        const bool same = RankingList::from_json(nlohmann::json::parse(other_line)).to_json() == r.to_json();
        throw InputError(file,
                         "id " + key + " is also at " + other.place.where() +
                             (same ? " (the same list twice: a seed in two shards)" : " (a different list: conflict)"),
                         number, "id");
      }
      by_id.emplace(key, Entry{{out.files.size() - 1, lines.offset(), line.size()}, here, !r.rejected});
      order.push_back(key);
    }
  }
  if (options.seeds) {
    auto seeds = ItemReader::seeds(*options.seeds, options.field);
    std::vector<std::string> seed_order;
    std::size_t missing = 0;
    std::string first_missing;
    for (SeedItem s; seeds.next(s);) {
      if (options.limit >= 0 && seed_order.size() >= std::size_t(options.limit)) break;
      std::string id = s.id.dump();
      if (!by_id.count(id) && missing++ == 0) first_missing = id;
      seed_order.push_back(std::move(id));
    }
    if (missing > 0)
      throw InputError(options.seeds->string(), std::to_string(missing) + " of " + std::to_string(seed_order.size()) +
                                                    " seeds have no list in the shards (the first: id " +
                                                    first_missing + "); finish or rerun their shard");
    if (order.size() > seed_order.size() - missing) {
      const std::unordered_set<std::string> wanted(seed_order.begin(), seed_order.end());
      for (const auto& id : order)
        if (!wanted.count(id)) {
          const auto& p = by_id.at(id).place;
          throw InputError(p.file, "id " + id + " is not a seed of " + options.seeds->string(), p.line, "id");
        }
    }
    order = std::move(seed_order);
  }
  out.order.reserve(order.size());
  for (const auto& id : order) {
    const auto& e = by_id.at(id);
    out.order.push_back(e.line);
    (e.kept ? out.kept : out.rejected) += 1;
  }
  return out;
}

void MergedLists::for_each_line(const std::function<void(const std::string&)>& each) const {
  std::vector<std::ifstream> in;
  for (const auto& f : files) {
    in.emplace_back(f, std::ios::binary);
    if (!in.back()) throw InputError(f.string(), "cannot open file");
  }
  std::string line;
  for (const auto& l : order) {
    auto& s = in.at(l.file);
    line.resize(l.size);
    s.seekg(std::streamoff(l.offset));
    if (!s.read(line.data(), std::streamsize(l.size)))
      throw InputError(files[l.file].string(), "changed while it was being merged");
    each(line);
  }
}

std::vector<std::string> MergedLists::lines() const {
  std::vector<std::string> out;
  for_each_line([&](const std::string& l) { out.push_back(l); });
  return out;
}

}  // namespace ranksent
