#include <stdexcept>
#include "ranksent/error.h"

#include "encode/encoder_impl.h"

namespace ranksent {

Pooling parse_pooling(const std::string& name) { return parse_option<Pooling>(name, "pooling"); }

std::string pooling_name(Pooling p) { return std::string(option_name(p)); }

torch::Tensor pool(const TransformerOutput& out, const torch::Tensor& attention_mask, Pooling pooling) {
  switch (pooling) {
    case Pooling::Cls:
      if (!out.pooler_output.defined())
        throw UsageError("pooling 'cls' needs a pooler, and this model has none (use cls_before_pooler or mean)");
      return out.pooler_output;
    case Pooling::ClsBeforePooler:
      return out.last_hidden_state.select(1, 0);
    case Pooling::Mean: {
      // Sum over real tokens / their count, as sentence-transformers' mean pooling.
      auto mask = attention_mask.unsqueeze(-1).to(out.last_hidden_state.dtype());
      return (out.last_hidden_state * mask).sum(1) / mask.sum(1).clamp_min(1e-9);
    }
  }
  throw std::logic_error("unreachable pooling");
}

}  // namespace ranksent
