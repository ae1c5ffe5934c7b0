#include "train/dev_evaluator.h"

#include "encode/encoder_impl.h"
#include "ranksent/eval/metrics.h"

namespace ranksent {

DevEvaluator::DevEvaluator(const std::filesystem::path& data_root, Pooling pooling)
    : dev_(eval::load_sts_benchmark(data_root, "dev")), pooling_(pooling) {}

double DevEvaluator::spearman(const Encoder& encoder) const {
  auto& model = encoder.impl().model;
  const bool was_training = model->is_training();
  model->eval();
  const auto& pairs = dev_.subsets.at(0);
  EncodeOptions opt;
  opt.pooling = pooling_;
  opt.normalize = false;
  auto a = encoder.encode(pairs.a, opt), b = encoder.encode(pairs.b, opt);
  if (was_training) model->train();
  auto cos = eval::rowwise_cosine(a.data(), b.data(), pairs.a.size(), std::size_t(encoder.dim()));
  return 100.0 * eval::spearman(cos, pairs.gold);
}

}  // namespace ranksent
