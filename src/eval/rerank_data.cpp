// MTEB reranking JSONL, and the builders of reranking sets from the data we
// have: an SNLI-derived set and AskUbuntuDupQuestions from its release.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/eval/rerank_data.h"
#include "ranksent/eval/snli_data.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/io/tsv.h"

namespace ranksent::eval {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> string_list(const nlohmann::json& v, const fs::path& file, long n, const char* field) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (!e.is_string()) throw InputError(file.string(), "every entry must be a string", n, field);
      out.push_back(e.get<std::string>());
    }
  } else {
    throw InputError(file.string(), "must be a string or a list of strings", n, field);
  }
  return out;
}

std::vector<std::string> split_ws(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

}  // namespace

const std::vector<std::string>& rerank_task_names() {
  static const std::vector<std::string> names{"AskUbuntuDupQuestions", "SciDocsRR", "StackOverflowDupQuestions",
                                              "MindSmallReranking", "SNLIRerank"};
  return names;
}

RerankTask read_rerank_jsonl(const fs::path& path, const std::string& name) {
  RerankTask task{name, {}};
  auto lines = read_lines(path);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const long n = long(i + 1);
    if (lines[i].find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(lines[i]);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(path.string(), std::string("not valid JSON: ") + e.what(), n);
    }
    if (!j.is_object()) throw InputError(path.string(), "expected a JSON object", n);
    for (const char* f : {"query", "positive", "negative"})
      if (!j.contains(f)) throw InputError(path.string(), "missing field", n, f);
    RerankSample s;
    s.query = string_list(j["query"], path, n, "query");
    s.positive = string_list(j["positive"], path, n, "positive");
    s.negative = string_list(j["negative"], path, n, "negative");
    if (s.query.empty()) throw InputError(path.string(), "no query", n, "query");
    task.samples.push_back(std::move(s));
  }
  return task;
}

void write_rerank_jsonl(const fs::path& path, const RerankTask& task) {
  std::string text;
  for (const auto& s : task.samples) {
    nlohmann::json j;
    j["query"] = s.query.size() == 1 ? nlohmann::json(s.query[0]) : nlohmann::json(s.query);
    j["positive"] = s.positive;
    j["negative"] = s.negative;
    text += j.dump() + "\n";
  }
  write_file_atomic(path, text);
}

RerankTask load_rerank_task(const fs::path& root, const std::string& name) {
  for (const fs::path& p : {root / name / "test.jsonl", root / name / "test.jsonl.gz", root / (name + ".jsonl"),
                            root / (name + ".jsonl.gz")})
    if (fs::is_regular_file(p)) return read_rerank_jsonl(p, name);
  if (name == "SNLIRerank" && fs::is_directory(root / "SNLI")) {
    auto t = build_snli_rerank(root / "SNLI");
    return t;
  }
  throw TaskMissing(name + ": no " + (root / name / "test.jsonl").string() + " (nor .jsonl.gz, nor " +
                    (root / (name + ".jsonl")).string() + ")");
}

RerankTask build_snli_rerank(const fs::path& dir, const SnliRerankOptions& o) {
  if (!fs::is_directory(dir)) throw TaskMissing("SNLIRerank: folder " + dir.string() + " not found");
  // Premises in order of first appearance, each with its hypotheses.
  std::vector<std::string> premises;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::vector<std::string>> pos, neg;
  std::vector<std::string> hypotheses;     // every hypothesis, for other premises' negatives
  std::vector<std::size_t> hypothesis_of;  // its premise
  for (auto& pair : read_snli(dir, o.split)) {
    auto [it, fresh] = index.emplace(pair.premise, premises.size());
    if (fresh) {
      premises.push_back(pair.premise);
      pos.emplace_back();
      neg.emplace_back();
    }
    (pair.label == "entailment" ? pos : neg)[it->second].push_back(pair.hypothesis);
    hypotheses.push_back(std::move(pair.hypothesis));
    hypothesis_of.push_back(it->second);
  }
  // splitmix64: a fixed, portable stream (std distributions differ across libraries).
  std::uint64_t state = o.seed;
  auto next = [&state] {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  RerankTask task{"SNLIRerank", {}};
  for (std::size_t q = 0; q < premises.size(); ++q) {
    if (o.max_queries && task.samples.size() >= o.max_queries) break;
    if (pos[q].empty() || neg[q].empty()) continue;
    RerankSample s;
    s.query = {premises[q]};
    std::set<std::string> own(pos[q].begin(), pos[q].end());
    for (auto& h : pos[q]) s.positive.push_back(h);
    for (auto& h : neg[q])
      if (!own.count(h)) s.negative.push_back(h), own.insert(h);
    for (std::size_t k = 0, tries = 0; k < o.other_negatives && tries < 100 * o.other_negatives; ++tries) {
      const std::size_t j = std::size_t(next() % hypotheses.size());
      if (hypothesis_of[j] == q || own.count(hypotheses[j])) continue;
      s.negative.push_back(hypotheses[j]);
      own.insert(hypotheses[j]);
      ++k;
    }
    task.samples.push_back(std::move(s));
  }
  return task;
}

RerankTask import_askubuntu(const std::vector<fs::path>& id_files, const fs::path& text_tokenized) {
  // Titles by question id: field 2 of text_tokenized.txt (id \t title \t body).
  std::unordered_map<std::string, std::string> title;
  {
    auto lines = read_lines(text_tokenized);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      auto cols = split_tabs(lines[i]);
      if (cols.size() < 2) throw InputError(text_tokenized.string(), "expected id<TAB>title<TAB>body", long(i + 1));
      title[cols[0]] = cols[1];
    }
  }
  auto lookup = [&](const std::string& id, const fs::path& file, long n) -> const std::string& {
    auto it = title.find(id);
    if (it == title.end())
      throw InputError(file.string(), "question " + id + " has no title in " + text_tokenized.string(), n);
    return it->second;
  };
  RerankTask task{"AskUbuntuDupQuestions", {}};
  for (const auto& file : id_files) {
    auto lines = read_lines(file);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const long n = long(i + 1);
      if (lines[i].empty()) continue;
      // query id, similar ids, 20 candidate ids, 20 BM25 scores
      auto cols = split_tabs(lines[i]);
      if (cols.size() < 3) throw InputError(file.string(), "expected query, similar and candidate id fields", n);
      auto similar = split_ws(cols[1]);
      if (similar.empty()) continue;  // not evaluated (MTEB keeps 186 test + 189 dev)
      std::set<std::string> similar_set(similar.begin(), similar.end());
      RerankSample s;
      s.query = {lookup(whitespace_join(cols[0]), file, n)};
      for (const auto& id : similar) s.positive.push_back(lookup(id, file, n));
      for (const auto& id : split_ws(cols[2]))
        if (!similar_set.count(id)) s.negative.push_back(lookup(id, file, n));
      task.samples.push_back(std::move(s));
    }
  }
  return task;
}

}  // namespace ranksent::eval
