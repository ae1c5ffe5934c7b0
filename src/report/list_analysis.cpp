#include "ranksent/report/list_analysis.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

#include "ranksent/eval/metrics.h"
#include "ranksent/generate/output_hygiene.h"
#include "ranksent/generate/ranking_list.h"

namespace ranksent {

namespace {

double cosine(const float* a, const float* b, std::size_t dim) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < dim; ++i) ab += double(a[i]) * b[i], aa += double(a[i]) * a[i], bb += double(b[i]) * b[i];
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// Kendall's tau-b (scipy.stats.kendalltau's default), O(n^2) for short lists.
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  double concordant = 0, discordant = 0, ties_x = 0, ties_y = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0 && dy == 0) continue;
      if (dx == 0)
        ++ties_x;
      else if (dy == 0)
        ++ties_y;
      else if ((dx > 0) == (dy > 0))
        ++concordant;
      else
        ++discordant;
    }
  const double d = std::sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y));
  return d > 0 ? (concordant - discordant) / d : std::nan("");
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

std::string pct(std::size_t a, std::size_t b) {
  return b ? fmt::format("{:.1f}%", 100.0 * double(a) / double(b)) : "-";
}
std::string pm(const Spread& s) { return s.n ? fmt::format("{:.3f} ± {:.3f}", s.mean, s.std) : "-"; }

}  // namespace

ListScores score_list(const std::vector<float>& e, std::size_t n, std::size_t dim,
                      std::vector<std::vector<double>>* pairwise) {
  ListScores s;
  s.cosine.resize(n);
  for (std::size_t k = 0; k < n; ++k) s.cosine[k] = k == 0 ? 1.0 : cosine(&e[0], &e[k * dim], dim);
  if (pairwise) {
    pairwise->assign(n, std::vector<double>(n, 1.0));
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b)
        (*pairwise)[a][b] = (*pairwise)[b][a] = cosine(&e[a * dim], &e[b * dim], dim);
  }
  if (n < 3) return s;
  std::vector<double> position, distance;
  for (std::size_t k = 1; k < n; ++k) position.push_back(double(k + 1)), distance.push_back(1.0 - s.cosine[k]);
  s.rho = eval::spearman(position, distance);
  s.tau = kendall_tau_b(position, distance);
  std::size_t inversions = 0;
  for (std::size_t k = 1; k + 1 < n; ++k) inversions += s.cosine[k + 1] > s.cosine[k];
  s.inversions = double(inversions) / double(n - 2);
  return s;
}

Spread spread_of(const std::vector<double>& v) {
  Spread s;
  for (double x : v)
    if (std::isfinite(x)) s.mean += x, ++s.n;
  if (s.n == 0) return s;
  s.mean /= double(s.n);
  for (double x : v)
    if (std::isfinite(x)) s.std += (x - s.mean) * (x - s.mean);
  s.std = s.n > 1 ? std::sqrt(s.std / double(s.n - 1)) : 0.0;
  return s;
}

FileAnalysis analyze_lists(const std::string& path, const std::vector<RankingList>& records, const EmbedFn& embed,
                           const AnalyzeOptions& options) {
  FileAnalysis f;
  f.label = std::filesystem::path(path).filename().string();
  f.lists = records.size();
  std::vector<const RankingList*> scored;
  std::size_t longest = 0;
  for (const auto& r : records) {
    if (f.strategy.empty()) f.strategy = r.strategy, f.model = r.model, f.escape = r.escape;
    f.records.emplace(r.id.dump(), r);
    if (r.rejected)
      ++f.rejected_by_rule[rule_of(*r.rejected)];
    else
      ++f.kept;
    if ((!r.rejected || options.include_rejected) && (!options.only_ids || options.only_ids->count(r.id.dump()))) {
      scored.push_back(&r);
      longest = std::max(longest, r.sentences.size());
    }
  }
  // One encoder call for every sentence of every scored list.
  std::vector<std::string> all;
  for (const auto* r : scored) all.insert(all.end(), r->sentences.begin(), r->sentences.end());
  std::size_t dim = 0;
  const auto e = all.empty() ? std::vector<float>{} : embed(all, dim);
  std::vector<double> rho, tau, inv, ratios;
  std::vector<double> cos_sum(longest, 0.0);
  std::size_t full = 0;
  const std::size_t h = options.heatmap_positions;
  std::vector<std::vector<double>> heat(h, std::vector<double>(h, 0.0));
  std::size_t heat_n = 0, offset = 0;
  for (const auto* r : scored) {
    const std::size_t n = r->sentences.size();
    std::vector<float> rows(e.begin() + std::ptrdiff_t(offset * dim), e.begin() + std::ptrdiff_t((offset + n) * dim));
    offset += n;
    std::vector<std::vector<double>> pair;
    ListScores s = score_list(rows, n, dim, n >= h ? &pair : nullptr);
    if (n >= 3) rho.push_back(s.rho), tau.push_back(s.tau), inv.push_back(s.inversions);
    if (n == longest) {
      for (std::size_t k = 0; k < n; ++k) cos_sum[k] += s.cosine[k];
      ++full;
    }
    if (n >= h) {
      for (std::size_t a = 0; a < h; ++a)
        for (std::size_t b = 0; b < h; ++b) heat[a][b] += pair[a][b];
      ++heat_n;
    }
    const double seed_words = double(std::max<std::size_t>(1, count_words(r->sentences[0])));
    for (std::size_t k = 1; k < n; ++k) ratios.push_back(double(count_words(r->sentences[k])) / seed_words);
    f.by_id.emplace(r->id.dump(), std::move(s));
  }
  f.scored = scored.size();
  f.rho = spread_of(rho), f.tau = spread_of(tau), f.inversions = spread_of(inv);
  f.median_length_ratio = median(ratios);
  if (full)
    for (double c : cos_sum) f.mean_cosine.push_back(c / double(full));
  if (heat_n) {
    for (auto& row : heat)
      for (double& v : row) v /= double(heat_n);
    f.heatmap = std::move(heat);
  }
  return f;
}

std::set<std::string> ids_kept_in_all(const std::vector<std::vector<RankingList>>& files) {
  std::set<std::string> common;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::set<std::string> kept;
    for (const auto& r : files[i])
      if (!r.rejected && (i == 0 || common.count(r.id.dump()))) kept.insert(r.id.dump());
    common = std::move(kept);
  }
  return common;
}

nlohmann::json FileAnalysis::to_json() const {
  auto spread = [](const Spread& s) { return nlohmann::json{{"mean", s.mean}, {"std", s.std}, {"n", s.n}}; };
  return {{"file", label},
          {"strategy", strategy},
          {"model", model},
          {"escape", escape},
          {"lists", lists},
          {"kept", kept},
          {"scored", scored},
          {"rejected_by_rule", rejected_by_rule},
          {"rho", spread(rho)},
          {"tau", spread(tau)},
          {"inversions", spread(inversions)},
          {"mean_cosine", mean_cosine},
          {"heatmap", heatmap},
          {"median_length_ratio",
           std::isfinite(median_length_ratio) ? nlohmann::json(median_length_ratio) : nlohmann::json()}};
}

std::string analysis_table(const std::vector<FileAnalysis>& files) {
  std::string out =
      "| file | strategy | escape | lists | kept | rejected by rule | rho (pos vs distance) | Kendall tau | adjacent "
      "inversions | cos(seed, x2) | cos(seed, last) | median length ratio |\n"
      "| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const auto& f : files) {
    std::string rules;
    for (const auto& [rule, n] : f.rejected_by_rule)
      rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", n, rule);
    const bool has = f.mean_cosine.size() >= 2;
    out += fmt::format("| {} | {} | {} | {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} |\n", f.label, f.strategy,
                       f.escape.empty() ? "-" : f.escape, f.lists, f.kept, pct(f.kept, f.lists),
                       rules.empty() ? "-" : rules, pm(f.rho), pm(f.tau), pm(f.inversions),
                       has ? fmt::format("{:.3f}", f.mean_cosine[1]) : "-",
                       has ? fmt::format("{:.3f}", f.mean_cosine.back()) : "-",
                       std::isfinite(f.median_length_ratio) ? fmt::format("{:.2f}", f.median_length_ratio) : "-");
  }
  return out;
}

std::string case_study(const std::vector<FileAnalysis>& files, const std::string& id_json, std::size_t rows) {
  std::string out =
      "Case study, seed id " + id_json + " (cosine to the seed; * = closer to the seed than the sentence before)\n";
  for (const auto& f : files) {
    out += "\n### " + f.label + " (" + f.strategy + ")\n\n";
    auto r = f.records.find(id_json);
    if (r == f.records.end()) {
      out += "(no list with this id)\n";
      continue;
    }
    auto s = f.by_id.find(id_json);
    if (r->second.rejected) out += "rejected: " + *r->second.rejected + "\n\n";
    out += "| # | sentence | cosine |\n| ---: | --- | ---: |\n";
    const auto& sentences = r->second.sentences;
    for (std::size_t k = 0; k < sentences.size() && k < rows; ++k) {
      std::string cos = "-";
      if (s != f.by_id.end()) {
        const auto& c = s->second.cosine;
        const bool closer = k >= 2 && c[k] > c[k - 1];
        cos = fmt::format("{:.3f}{}", c[k], closer ? " *" : "");
      }
      std::string cell;  // a '|' inside a sentence must not end its table cell
      for (char ch : sentences[k]) cell += ch == '|' ? std::string("\\|") : std::string(1, ch);
      out += fmt::format("| {} | {} | {} |\n", k + 1, cell, cos);
    }
  }
  return out;
}

}  // namespace ranksent
