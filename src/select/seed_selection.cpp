#include "ranksent/select/seed_selection.h"

#include <algorithm>
#include <chrono>
#include <random>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/npy.h"

namespace ranksent {

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// What the embeddings depend on: the weights (path, size, time), the
// encode settings and every text in order.
std::string embedding_key(const SelectOptions& o, const Encoder& encoder, const std::vector<Premise>& premises) {
  Sha256 h;
  auto add = [&](const std::string& s) {
    h.update(s.data(), s.size());
    h.update("\n", 1);
  };
  add(fs::weakly_canonical(o.model).string());
  for (const auto& entry : fs::directory_iterator(o.model))
    if (entry.is_regular_file() && entry.path().extension() == ".safetensors")
      add(entry.path().filename().string() + " " + std::to_string(entry.file_size()) + " " +
          std::to_string(entry.last_write_time().time_since_epoch().count()));
  add(pooling_name(o.encode.pooling.value_or(encoder.default_pooling())));
  add(std::to_string(o.encode.normalize.value_or(encoder.default_normalize())));
  add(std::to_string(o.encode.max_length));
  for (const auto& p : premises) add(p.text);
  return h.hex_digest().substr(0, 16);
}

}  // namespace

SelectSummary select_seeds(const SelectOptions& o) {
  if (o.per_cluster < 1) throw UsageError("--per-cluster must be at least 1");
  if (o.kmeans.clusters < 1) throw UsageError("--clusters must be at least 1");
  check_writable(o.output);
  SelectSummary s;
  s.pool = read_premise_pool(o.inputs, o.read, o.exclude);
  auto& premises = s.pool.premises;
  s.unique = premises.size();
  if (std::size_t(o.kmeans.clusters) > premises.size())
    throw UsageError(fmt::format("--clusters {} exceeds the {} unique premises", o.kmeans.clusters, premises.size()));

  const Encoder encoder = Encoder::load(o.model);
  const fs::path cache_dir = o.output.string() + ".cache";
  s.embeddings = cache_dir / ("embeddings-" + embedding_key(o, encoder, premises) + ".npy");
  std::vector<float> x;
  const auto dim = std::size_t(encoder.dim());
  const auto t0 = std::chrono::steady_clock::now();
  if (fs::exists(s.embeddings)) {
    auto m = read_npy(s.embeddings);
    if (m.rows != std::int64_t(premises.size()) || m.cols != std::int64_t(dim))
      throw InputError(s.embeddings.string(), "cached embeddings do not fit the premises; remove the file");
    x = std::move(m.data);
    s.embeddings_cached = true;
  } else {
    std::vector<std::string> texts;
    texts.reserve(premises.size());
    for (const auto& p : premises) texts.push_back(p.text);
    x = encoder.encode(texts, o.encode);
    fs::create_directories(cache_dir);
    write_npy(s.embeddings, x, std::int64_t(premises.size()), std::int64_t(dim));
  }
  s.embed_seconds = seconds_since(t0);

  const auto t1 = std::chrono::steady_clock::now();
  const KMeansResult km = kmeans(x, dim, o.kmeans);
  s.kmeans_seconds = seconds_since(t1);
  s.iterations = km.iterations, s.converged = km.converged, s.inertia = km.inertia, s.reseeded = km.reseeded;

  // Members of each cluster in pool order; a uniform draw of per_cluster
  // from each, written in cluster order (then pool order).
  std::vector<std::vector<std::size_t>> members(std::size_t(o.kmeans.clusters));
  for (std::size_t i = 0; i < km.labels.size(); ++i) members[std::size_t(km.labels[i])].push_back(i);
  std::mt19937_64 rng(o.kmeans.seed ^ 0x5eed5eed5eedULL);
  AtomicFile out(o.output);
  std::int64_t id = 0;
  for (std::size_t c = 0; c < members.size(); ++c) {
    auto& m = members[c];
    s.empty_after += m.empty();
    std::shuffle(m.begin(), m.end(), rng);
    m.resize(std::min(m.size(), std::size_t(o.per_cluster)));
    std::sort(m.begin(), m.end());
    for (std::size_t i : m) {
      nlohmann::json j = {{"id", ++id},
                          {"text", premises[i].text},
                          {"cluster", c},
                          {"distance", km.distances[i]},
                          {"source", premises[i].source}};
      const std::string line = j.dump() + "\n";
      out.write(line.data(), line.size());
    }
  }
  out.commit();
  s.seeds = std::size_t(id);
  premises.clear();
  return s;
}

}  // namespace ranksent
