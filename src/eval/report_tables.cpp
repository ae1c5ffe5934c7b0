// Markdown tables in the paper's layout: Table 1 (STS), Table 7 (transfer),
// Table 2 (reranking) and Table 4 (before/after with deltas).
#include "ranksent/eval/report_tables.h"

#include <cmath>

#include <filesystem>

#include <fmt/core.h>

#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/transfer_data.h"

namespace ranksent::eval {

namespace {

using json = nlohmann::json;

struct Column {
  std::string header, family, task, key;
};

// The paper's column order and headers.
std::vector<Column> sts_columns() {
  return {{"STS12", "sts", "STS12", "spearman"},
          {"STS13", "sts", "STS13", "spearman"},
          {"STS14", "sts", "STS14", "spearman"},
          {"STS15", "sts", "STS15", "spearman"},
          {"STS16", "sts", "STS16", "spearman"},
          {"STS-B", "sts", "STSBenchmark", "spearman"},
          {"SICK-R", "sts", "SICKRelatedness", "spearman"},
          {"Avg.", "sts", "", "avg"}};
}
std::vector<Column> transfer_columns() {
  return {{"MR", "transfer", "MR", "acc"},     {"CR", "transfer", "CR", "acc"},    {"SUBJ", "transfer", "SUBJ", "acc"},
          {"MPQA", "transfer", "MPQA", "acc"}, {"SST", "transfer", "SST2", "acc"}, {"TREC", "transfer", "TREC", "acc"},
          {"MRPC", "transfer", "MRPC", "acc"}, {"Avg.", "transfer", "", "avg"}};
}
std::vector<Column> rerank_columns(const std::string& key) {
  const std::string avg = key == "map" ? "avg_map" : "avg_mrr@10";
  return {{"AskU.", "rerank", "AskUbuntuDupQuestions", key},
          {"SciDocs", "rerank", "SciDocsRR", key},
          {"StackO.", "rerank", "StackOverflowDupQuestions", key},
          {"MindS.", "rerank", "MindSmallReranking", key},
          {"Avg.", "rerank", "", avg},
          {"SNLI (ours)", "rerank", "SNLIRerank", key}};
}

const json* value(const json& r, const Column& c) {
  if (!r.contains(c.family)) return nullptr;
  const auto& f = r[c.family];
  if (c.task.empty()) return f.contains(c.key) && f[c.key].is_number() ? &f[c.key] : nullptr;
  if (!f.contains(c.task) || !f[c.task].contains(c.key) || !f[c.task][c.key].is_number()) return nullptr;
  return &f[c.task][c.key];
}

bool has_any(const json& r, const std::vector<Column>& cols) {
  for (const auto& c : cols)
    if (!c.task.empty() && value(r, c)) return true;
  return false;
}

std::string cell(const json* v) { return v ? fmt::format("{:.2f}", v->get<double>()) : "-"; }

std::string header_row(const std::vector<Column>& cols) {
  std::string h = "| Model |", rule = "| --- |";
  for (const auto& c : cols) h += " " + c.header + " |", rule += " ---: |";
  return h + "\n" + rule + "\n";
}

std::string row(const std::string& label, const json& r, const std::vector<Column>& cols) {
  std::string s = "| " + label + " |";
  for (const auto& c : cols) {
    s += ' ';
    s += cell(value(r, c));
    s += " |";
  }
  return s + "\n";
}

std::string average_note(const json& r, const char* family, const std::vector<std::string>& all) {
  if (!r.contains(family) || !r[family].contains("avg_of")) return {};
  auto used = r[family]["avg_of"].get<std::vector<std::string>>();
  if (used.size() == all.size()) return {};
  std::string names;
  for (auto& u : used) names += (names.empty() ? "" : ", ") + u;
  return fmt::format("\nAvg. is over the {} tasks present ({}), not all {}.\n", used.size(), names, all.size());
}

std::string sts_subset_table(const json& r) {
  std::string out;
  for (const auto& year : {"STS12", "STS13", "STS14", "STS15", "STS16"}) {
    if (!r.contains("sts") || !r["sts"].contains(year) || !r["sts"][year].contains("subsets")) continue;
    const auto& t = r["sts"][year];
    std::string h = "| " + std::string(year) + " |", rule = "| --- |", vals = "| Spearman |", pear = "| Pearson |";
    for (const auto& name : sts_year_subsets(year)) {
      if (!t["subsets"].contains(name)) continue;
      const auto& s = t["subsets"][name];
      h += " " + name + " (" + std::to_string(s["n"].get<std::size_t>()) + ") |";
      rule += " ---: |";
      vals += fmt::format(" {:.2f} |", s["spearman"].get<double>());
      pear += fmt::format(" {:.2f} |", s["pearson"].get<double>());
    }
    h += " all (" + std::to_string(t["n"].get<std::size_t>()) + ") |";
    rule += " ---: |";
    vals += fmt::format(" {:.2f} |", t["spearman"].get<double>());
    pear += fmt::format(" {:.2f} |", t["pearson"].get<double>());
    out += h + "\n" + rule + "\n" + vals + "\n" + pear + "\n\n";
  }
  return out;
}

std::string problems(const json& r) {
  std::string out;
  for (const char* key : {"missing", "errors"}) {
    if (!r.contains(key) || r[key].empty()) continue;
    out +=
        std::string("\n") + (std::string(key) == "missing" ? "Not evaluated (missing):" : "Failed (bad input):") + "\n";
    for (auto& [task, why] : r[key].items()) out += "- " + task + ": " + why.get<std::string>() + "\n";
  }
  return out;
}

}  // namespace

std::string result_label(const json& r) {
  if (r.contains("label") && r["label"].is_string()) return r["label"].get<std::string>();
  if (r.contains("model") && r["model"].is_string()) {
    std::filesystem::path p = r["model"].get<std::string>();
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
  }
  return "model";
}

std::string markdown_tables(const json& r) {
  const auto label = result_label(r);
  std::string out;
  if (has_any(r, sts_columns())) {
    out += "STS (Table 1): Spearman x 100, cosine similarity, STS12-16 \"all\" setting\n\n";
    out += header_row(sts_columns()) + row(label, r, sts_columns());
    out += average_note(r, "sts", sts_task_names()) + "\n";
    out += "STS12-16 per sub-dataset (pairs)\n\n" + sts_subset_table(r);
  }
  if (has_any(r, transfer_columns())) {
    out += "Transfer (Table 7): accuracy x 100, logistic regression on frozen embeddings\n\n";
    out += header_row(transfer_columns()) + row(label, r, transfer_columns());
    out += average_note(r, "transfer", transfer_task_names()) + "\n";
  }
  if (has_any(r, rerank_columns("map"))) {
    out +=
        "Reranking (Table 2): MAP x 100\n\n" + header_row(rerank_columns("map")) + row(label, r, rerank_columns("map"));
    out += "\nReranking: MRR@10 x 100\n\n" + header_row(rerank_columns("mrr@10")) +
           row(label, r, rerank_columns("mrr@10")) + "\n";
  }
  out += problems(r);
  return out;
}

std::string markdown_compare(const json& a, const json& b) {
  std::string la = result_label(a), lb = result_label(b);
  if (la == lb) la += " (a)", lb += " (b)";
  std::string out;
  auto table = [&](const std::string& title, const std::vector<Column>& all) {
    std::vector<Column> cols;
    for (const auto& c : all)
      if (value(a, c) || value(b, c)) cols.push_back(c);
    if (cols.empty() || (!has_any(a, all) && !has_any(b, all))) return;
    out += title + "\n\n" + header_row(cols) + row(la, a, cols) + row(lb, b, cols);
    std::string d = "| Δ |";
    for (const auto& c : cols) {
      const json *x = value(a, c), *y = value(b, c);
      d += (x && y) ? fmt::format(" {:+.2f} |", y->get<double>() - x->get<double>()) : " - |";
    }
    out += d + "\n\n";
  };
  table("STS: Spearman x 100", sts_columns());
  table("Transfer: accuracy x 100", transfer_columns());
  table("Reranking: MAP x 100", rerank_columns("map"));
  // An average over different task sets is not comparable.
  for (const char* fam : {"sts", "transfer", "rerank"}) {
    if (a.contains(fam) && b.contains(fam) && a[fam].contains("avg_of") && b[fam].contains("avg_of") &&
        a[fam]["avg_of"] != b[fam]["avg_of"])
      out += fmt::format("Note: the {} averages cover different tasks ({} vs {}).\n", fam, a[fam]["avg_of"].dump(),
                         b[fam]["avg_of"].dump());
  }
  return out;
}

MeanStd mean_std(const std::vector<double>& v) {
  MeanStd r;
  if (v.empty()) return {NAN, NAN};
  for (double x : v) r.mean += x;
  r.mean /= double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  r.std = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
  return r;
}

std::string mean_std_cell(const std::vector<double>& v) {
  const MeanStd ms = mean_std(v);
  return v.size() > 1 ? fmt::format("{:.2f} ± {:.2f}", ms.mean, ms.std) : fmt::format("{:.2f}", ms.mean);
}

std::string markdown_compare_seeds(const json& before, const std::vector<json>& afters) {
  std::string out;
  auto table = [&](const std::string& title, const std::vector<Column>& all) {
    std::vector<Column> cols;
    for (const auto& c : all) {
      bool everywhere = value(before, c) != nullptr;
      for (const auto& a : afters) everywhere = everywhere && value(a, c);
      if (everywhere) cols.push_back(c);
    }
    if (cols.empty()) return;
    std::string mean = fmt::format("| {} (mean of {}) |", result_label(afters.front()), afters.size());
    std::string spread = "| std over runs |", delta = "| Δ (mean) |";
    for (const auto& c : cols) {
      std::vector<double> v;
      for (const auto& a : afters) v.push_back(value(a, c)->get<double>());
      const MeanStd ms = mean_std(v);
      mean += fmt::format(" {:.2f} |", ms.mean);
      spread += fmt::format(" {:.2f} |", ms.std);
      delta += fmt::format(" {:+.2f} |", ms.mean - value(before, c)->get<double>());
    }
    out += title + "\n\n" + header_row(cols) + row(result_label(before), before, cols) + mean + "\n" + spread + "\n" +
           delta + "\n\n";
  };
  table("STS: Spearman x 100", sts_columns());
  table("Transfer: accuracy x 100", transfer_columns());
  table("Reranking: MAP x 100", rerank_columns("map"));
  return out;
}

std::string markdown_arms_table(const std::string& family, const json& base, const std::vector<Arm>& arms) {
  const std::vector<Column> all = family == "sts"        ? sts_columns()
                                  : family == "transfer" ? transfer_columns()
                                                         : rerank_columns("map");
  std::vector<Column> cols;
  for (const auto& c : all) {
    bool any = value(base, c) != nullptr;
    for (const auto& a : arms)
      for (const auto& r : a.runs) any = any || value(r, c);
    if (any) cols.push_back(c);
  }
  if (cols.empty()) return {};
  std::string out = header_row(cols) + row(result_label(base), base, cols);
  for (const auto& a : arms) {
    if (a.runs.empty()) continue;
    std::string mean = fmt::format("| {} ({} run{}) |", a.label, a.runs.size(), a.runs.size() == 1 ? "" : "s");
    std::string delta = "| Δ |";
    for (const auto& c : cols) {
      std::vector<double> v;
      for (const auto& r : a.runs)
        if (const json* x = value(r, c)) v.push_back(x->get<double>());
      if (v.size() != a.runs.size()) {
        mean += " - |", delta += " - |";
        continue;
      }
      mean += fmt::format(" {} |", mean_std_cell(v));
      const json* b = value(base, c);
      delta += b ? fmt::format(" {:+.2f} |", mean_std(v).mean - b->get<double>()) : " - |";
    }
    out += mean + "\n" + delta + "\n";
  }
  return out;
}

}  // namespace ranksent::eval
