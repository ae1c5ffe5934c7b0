// Evaluation metrics, computed in double precision with the conventions of
// the reference libraries the community's numbers come from (scipy.stats,
// sklearn.metrics, MTEB). Values are fractions; callers scale by 100.
#pragma once
#include <cstddef>
#include <vector>

namespace ranksent::eval {

// Ranks 1..n, tied values sharing their average rank (scipy.stats.rankdata
// method="average").
std::vector<double> average_ranks(const std::vector<double>& x);

// Pearson's r; NaN when either input is constant or sizes differ / n < 2.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's rho = Pearson's r of the average ranks (scipy.stats.spearmanr).
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// Average precision of one ranking as sklearn.metrics.average_precision_score
// computes it: sum over distinct score thresholds (descending) of
// (recall gain) * precision, tied scores entering together. NaN when no item
// is relevant.
double average_precision(const std::vector<bool>& relevant, const std::vector<double>& scores);

// Reciprocal rank of the first relevant item among the top `k` (MTEB's
// MRR@10 with k = 10); 0 when none is in the top k. Items are ordered by
// score descending, ties kept in input order (a stable sort).
double reciprocal_rank_at(const std::vector<bool>& relevant, const std::vector<double>& scores, std::size_t k);

// Fraction of equal entries.
double accuracy(const std::vector<int>& truth, const std::vector<int>& predicted);

// Binary F1 of the positive class 1 (sklearn f1_score default).
double f1_binary(const std::vector<int>& truth, const std::vector<int>& predicted);

// Cosine similarity of two embeddings as torch.nn.functional.cosine_similarity
// computes it (norms clamped at 1e-8), in double precision, with one tie
// rule used by evaluation and model selection alike: bitwise-equal rows (the
// same sentence, one cached row) are exactly 1, so rounding never decides
// how identical pairs tie in Spearman's ranks.
double cosine(const float* x, const float* y, std::size_t dim);

}  // namespace ranksent::eval
