// List quality measured with a sentence encoder (the paper's Fig. 1 and
// Table 5): how steadily each ranking list drifts away from its seed.
//
// Per list, over positions 2..n (the seed is position 1):
//   rho        Spearman's rho between position and distance to the seed
//              (1 - cosine): +1 = every sentence further than the one before;
//   tau        Kendall's tau-b of the same pairs;
//   inversions the share of adjacent pairs (k, k+1) where k+1 is closer to
//              the seed than k;
//   cosine     cosine to the seed at each position.
// Per file: the kept share by rejection rule, mean and spread of the above
// over kept lists, the mean cosine by position, and the mean pairwise-cosine
// matrix of the first `heatmap_positions` positions (Fig. 1's heatmap).
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranksent/generate/ranking_list.h"

namespace ranksent {

// Row-major [sentences.size(), dim] embeddings of the sentences.
using EmbedFn = std::function<std::vector<float>(const std::vector<std::string>& sentences, std::size_t& dim)>;

struct ListScores {
  std::vector<double> cosine;  // to the seed, positions 1..n (cosine[0] = 1)
  double rho = 0, tau = 0, inversions = 0;
};

// One list's scores from its sentences' embeddings (row-major [n, dim]).
ListScores score_list(const std::vector<float>& embeddings, std::size_t n, std::size_t dim,
                      std::vector<std::vector<double>>* pairwise = nullptr);

struct Spread {
  double mean = 0, std = 0;
  std::size_t n = 0;
};
Spread spread_of(const std::vector<double>& values);

struct FileAnalysis {
  std::string label;                    // the file name
  std::string strategy, model, escape;  // from the records
  std::size_t lists = 0, kept = 0;
  std::size_t scored = 0;  // lists the scores below average over
  std::map<std::string, std::size_t> rejected_by_rule;
  Spread rho, tau, inversions;                 // over kept lists
  std::vector<double> mean_cosine;             // by position, over kept lists of full length
  std::vector<std::vector<double>> heatmap;    // mean pairwise cosine, first positions
  double median_length_ratio = 0;              // words of sentences 2..n / the seed's, median over kept sentences
  std::map<std::string, ListScores> by_id;     // kept lists, by id (JSON text)
  std::map<std::string, RankingList> records;  // every record, by id (JSON text)

  nlohmann::json to_json() const;
};

struct AnalyzeOptions {
  std::size_t heatmap_positions = 16;
  bool include_rejected = false;  // score rejected lists too (their sentences so far)
  // Score only the lists of these ids (JSON text): the same seeds in every
  // file, so that arms are compared on equal ground (ids_kept_in_all).
  std::optional<std::set<std::string>> only_ids;
};

// The ids (JSON text) whose list every one of `files` (each a file's records) kept.
std::set<std::string> ids_kept_in_all(const std::vector<std::vector<RankingList>>& files);

// Scores the records of one lists file (labelled by its path) with `embed`.
FileAnalysis analyze_lists(const std::string& path, const std::vector<RankingList>& records, const EmbedFn& embed,
                           const AnalyzeOptions& options = {});

// The side-by-side table of several files (Markdown).
std::string analysis_table(const std::vector<FileAnalysis>& files);

// The paper's Table 5 for one seed id: each file's first `rows` sentences
// with their cosine to the seed, a sentence closer than the one before it
// marked with '*' (Markdown).
std::string case_study(const std::vector<FileAnalysis>& files, const std::string& id_json, std::size_t rows = 10);

}  // namespace ranksent
