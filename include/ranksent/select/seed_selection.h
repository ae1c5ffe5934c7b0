// `ranksent select` (docs/method.md section 1): premises in, embedded with
// an encoder, clustered with k-means, `per_cluster` drawn uniformly from
// each cluster (fewer where a cluster is smaller) -> seeds.jsonl, which
// `ranksent generate --seeds` reads. Embeddings are cached beside the
// output by content hash (model, texts, encode settings), so a rerun with
// other k-means settings skips the encoder.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "ranksent/encode/encoder.h"
#include "ranksent/io/premise_pool.h"
#include "ranksent/select/kmeans.h"

namespace ranksent {

struct SelectOptions {
  std::vector<std::filesystem::path> inputs, exclude;
  PremiseReadOptions read;
  std::filesystem::path model;   // encoder directory
  std::filesystem::path output;  // seeds.jsonl
  KMeansOptions kmeans;          // clusters, iterations, tol, seed
  int per_cluster = 20;          // the paper: 20
  EncodeOptions encode;
};

struct SelectSummary {
  PremisePool pool;        // counts (premises cleared after embedding)
  std::size_t unique = 0;  // premises clustered
  bool embeddings_cached = false;
  std::filesystem::path embeddings;  // the cache file
  double embed_seconds = 0, kmeans_seconds = 0;
  int iterations = 0;
  bool converged = false;
  double inertia = 0;
  std::size_t reseeded = 0, empty_after = 0;
  std::size_t seeds = 0;
};

SelectSummary select_seeds(const SelectOptions& options);

}  // namespace ranksent
