// STS loaders in SentEval's layouts (SimCSE's copy of SentEval, sts.py).
#include <charconv>
#include <cmath>
#include <map>

#include "ranksent/error.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/io/tsv.h"

namespace ranksent::eval {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n\v\f"), e = s.find_last_not_of(" \t\r\n\v\f");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

double parse_score(const std::string& text, const fs::path& file, long line, const std::string& field) {
  const std::string t = trim(text);
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v))
    throw InputError(file.string(), "score '" + t + "' is not a number", line, field);
  return v;
}

}  // namespace

const std::vector<std::string>& sts_task_names() {
  static const std::vector<std::string> names{"STS12", "STS13",        "STS14",          "STS15",
                                              "STS16", "STSBenchmark", "SICKRelatedness"};
  return names;
}

const std::vector<std::string>& sts_year_subsets(const std::string& year) {
  // SentEval's STS1xEval dataset lists.
  static const std::map<std::string, std::vector<std::string>> subsets{
      {"STS12", {"MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"}},
      {"STS13", {"FNWN", "headlines", "OnWN"}},
      {"STS14", {"deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news"}},
      {"STS15", {"answers-forums", "answers-students", "belief", "headlines", "images"}},
      {"STS16", {"answer-answer", "headlines", "plagiarism", "postediting", "question-question"}},
  };
  auto it = subsets.find(year);
  if (it == subsets.end()) throw std::invalid_argument("unknown STS year: " + year);
  return it->second;
}

StsTask load_sts_year(const fs::path& root, const std::string& year) {
  const auto& names = sts_year_subsets(year);
  const fs::path dir = root / year;
  require_dir(dir, year);
  StsTask task{year, {}, true};
  for (const auto& name : names) {
    const fs::path input = dir / ("STS.input." + name + ".txt");
    const fs::path gs = dir / ("STS.gs." + name + ".txt");
    auto in_lines = read_lines(input);
    auto gs_lines = read_lines(gs);
    if (in_lines.size() != gs_lines.size())
      throw InputError(gs.string(), std::to_string(gs_lines.size()) + " gold lines but " +
                                        std::to_string(in_lines.size()) + " lines in " + input.filename().string());
    StsSubset s{name, {}, {}, {}};
    for (std::size_t i = 0; i < in_lines.size(); ++i) {
      const long n = long(i + 1);
      // SentEval keeps only the lines with a non-empty gold score.
      if (trim(gs_lines[i]).empty()) continue;
      const double score = parse_score(gs_lines[i], gs, n, "score");
      check_utf8(in_lines[i], input, n);
      auto cols = split_tabs(in_lines[i]);
      if (cols.size() != 2)
        throw InputError(input.string(),
                         "expected 2 tab-separated sentences, found " + std::to_string(cols.size()) + " columns", n);
      s.a.push_back(whitespace_join(cols[0]));
      s.b.push_back(whitespace_join(cols[1]));
      s.gold.push_back(score);
    }
    task.subsets.push_back(std::move(s));
  }
  return task;
}

StsTask load_sts_benchmark(const fs::path& root, const std::string& split) {
  const fs::path dir = root / "STSBenchmark";
  require_dir(dir, "STSBenchmark");
  const fs::path file = dir / ("sts-" + split + ".csv");
  StsTask task{"STSBenchmark", {}, false};
  StsSubset s{split, {}, {}, {}};
  auto lines = read_lines(file);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const long n = long(i + 1);
    if (lines[i].empty() && i + 1 == lines.size()) break;
    check_utf8(lines[i], file, n);
    // genre, file, year, id, score, sentence1, sentence2 (the raw release may
    // append two source fields: only the first 7 count).
    auto cols = split_tabs(lines[i]);
    if (cols.size() < 7)
      throw InputError(file.string(), "expected 7 tab-separated columns, found " + std::to_string(cols.size()), n);
    s.gold.push_back(parse_score(cols[4], file, n, "score (column 5)"));
    s.a.push_back(whitespace_join(cols[5]));
    s.b.push_back(whitespace_join(cols[6]));
  }
  task.subsets.push_back(std::move(s));
  return task;
}

StsTask load_sick_relatedness(const fs::path& root, const std::string& split) {
  const fs::path dir = root / "SICK";
  require_dir(dir, "SICKRelatedness");
  const fs::path file = dir / (split == "test" ? std::string("SICK_test_annotated.txt") : "SICK_" + split + ".txt");
  StsTask task{"SICKRelatedness", {}, false};
  StsSubset s{split, {}, {}, {}};
  auto lines = read_lines(file);
  for (std::size_t i = 1; i < lines.size(); ++i) {  // line 1 is the header
    const long n = long(i + 1);
    if (trim(lines[i]).empty() && i + 1 == lines.size()) break;
    check_utf8(lines[i], file, n);
    // pair_ID, sentence_A, sentence_B, relatedness_score, entailment_judgment
    auto cols = split_tabs(trim(lines[i]));
    if (cols.size() != 5)
      throw InputError(file.string(), "expected 5 tab-separated columns, found " + std::to_string(cols.size()), n);
    s.gold.push_back(parse_score(cols[3], file, n, "relatedness_score"));
    s.a.push_back(whitespace_join(cols[1]));
    s.b.push_back(whitespace_join(cols[2]));
  }
  task.subsets.push_back(std::move(s));
  return task;
}

StsTask load_sts_task(const fs::path& root, const std::string& name) {
  if (name == "STSBenchmark") return load_sts_benchmark(root, "test");
  if (name == "SICKRelatedness") return load_sick_relatedness(root, "test");
  return load_sts_year(root, name);
}

}  // namespace ranksent::eval
