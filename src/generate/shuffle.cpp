// Ablation (c): lists of the paper's method with sentences 2..n randomly
// permuted, so that rank information is destroyed and semantic content kept.
#include <random>

#include "ranksent/generate/shuffle.h"

namespace ranksent {

std::vector<std::string> shuffle_tail(const std::vector<std::string>& sentences, std::uint64_t seed,
                                      const std::string& id_key) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a of the id, mixed into the seed
  for (unsigned char c : id_key) h = (h ^ c) * 1099511628211ull;
  std::mt19937_64 rng(seed ^ h);
  std::vector<std::string> out = sentences;
  // Fisher-Yates written out: std::shuffle's sequence differs between
  // standard libraries, and the same seed must give the same lists.
  for (std::size_t i = out.size(); i > 2; --i) {
    const std::size_t j = 1 + std::size_t(rng() % (i - 1));  // in [1, i-1]
    std::swap(out[i - 1], out[j]);
  }
  return out;
}

namespace {

class ShuffledLists final : public RankingStrategy {
 public:
  explicit ShuffledLists(const GenerateOptions& options) : options_(options) {}
  std::string name() const override { return "shuffle"; }

  RankingList record_template() const override {
    RankingList r;
    r.strategy = "shuffle";
    return r;
  }

  void generate(const std::vector<SeedItem>& items, const std::function<void(RankingList&&)>& done,
                const std::atomic<bool>* stop) override {
    for (const auto& item : items) {
      if (stop && stop->load()) return;
      RankingList r = item.source.value();
      r.strategy = "shuffle";
      if (r.rejected) {
        r.rejected = "source list rejected: " + *r.rejected;
      } else {
        r.sentences = shuffle_tail(r.sentences, options_.shuffle_seed, r.id.dump());
      }
      done(std::move(r));
    }
  }

 private:
  GenerateOptions options_;
};

}  // namespace

std::unique_ptr<RankingStrategy> make_shuffle_strategy(const GenerateOptions& options) {
  return std::make_unique<ShuffledLists>(options);
}

}  // namespace ranksent
