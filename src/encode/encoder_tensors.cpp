#include "ranksent/encode/encoder_tensors.h"

#include "encode/encoder_impl.h"

namespace ranksent {

std::pair<torch::Tensor, torch::Tensor> tokenize_batch(const Encoder& encoder,
                                                       const std::vector<std::string>& sentences,
                                                       std::size_t max_length) {
  return encoder.impl().tokenize(sentences, max_length);
}

torch::Tensor embed_batch(const Encoder& encoder, const torch::Tensor& input_ids, const torch::Tensor& attention_mask,
                          Pooling pooling) {
  return encoder.impl().embed(input_ids, attention_mask, pooling);
}

std::vector<torch::Tensor> parameters(const Encoder& encoder) { return encoder.impl().model->parameters(); }

torch::OrderedDict<std::string, torch::Tensor> named_parameters(const Encoder& encoder) {
  return encoder.impl().model->named_parameters();
}

bool is_training(const Encoder& encoder) { return encoder.impl().model->is_training(); }

void set_training(const Encoder& encoder, bool on) { encoder.impl().model->train(on); }

void freeze(const Encoder& encoder) {
  set_training(encoder, false);
  for (auto& p : parameters(encoder)) p.set_requires_grad(false);
}

}  // namespace ranksent
