#include "encode/dense.h"

#include <atomic>
#include <stdexcept>

#include <ATen/core/dispatch/Dispatcher.h>

#include "encode/phases.h"
#include "ranksent/common/phase_profile.h"

namespace ranksent {

namespace {
// oneDNN's linear on a blocked weight, alone or with the residual add fused:
// the operators LibTorch registers for its own graph compiler
// (mkldnn::_linear_pointwise and its .binary overload,
// mkldnn::_reorder_linear_weight), called through the dispatcher since they
// have no C++ function of their own.
const c10::OperatorHandle* find_op(const char* name, const char* overload) {
  auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
  return handle ? new c10::OperatorHandle(*handle) : nullptr;  // lives as long as the process
}

torch::Tensor call(const c10::OperatorHandle& op, std::vector<c10::IValue> stack) {
  op.callBoxed(&stack);
  return stack.at(0).toTensor();
}

struct OneDnn {
  const c10::OperatorHandle* pointwise = find_op("mkldnn::_linear_pointwise", "");
  const c10::OperatorHandle* binary = find_op("mkldnn::_linear_pointwise", "binary");
  const c10::OperatorHandle* reorder = find_op("mkldnn::_reorder_linear_weight", "");

  torch::Tensor block(const torch::Tensor& weight) const { return call(*reorder, {weight, c10::IValue()}); }

  torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& blocked, const torch::Tensor& bias) const {
    return call(*pointwise, {x, blocked, bias, std::string("none"), c10::List<std::optional<at::Scalar>>(),
                             std::optional<std::string>("")});
  }

  torch::Tensor linear_add(const torch::Tensor& x, const torch::Tensor& residual, const torch::Tensor& blocked,
                           const torch::Tensor& bias) const {
    return call(*binary, {x, residual, blocked, bias, std::string("add")});
  }
};

const OneDnn* onednn() {
  // Probed once on a tiny layer: a LibTorch without oneDNN, or a CPU whose
  // oneDNN refuses bfloat16, throws here and not in the middle of a run.
  static const OneDnn* instance = []() -> const OneDnn* {
    auto* ops = new OneDnn;
    if (!at::hasMKLDNN() || !ops->pointwise || !ops->binary || !ops->reorder) return nullptr;
    try {
      torch::NoGradGuard no_grad;
      auto x = torch::ones({2, 8}, torch::kBFloat16), w = torch::ones({4, 8}, torch::kBFloat16);
      auto b = torch::zeros({4}, torch::kBFloat16);
      auto y = ops->linear(x, ops->block(w), b);
      auto z = ops->linear_add(x, y, ops->block(w), b);
      // 8 ones summed, plus the residual: 16.
      if (z.to(torch::kFloat).allclose(torch::full({2, 4}, 16.0f))) return ops;
    } catch (const c10::Error&) {
    }
    return nullptr;
  }();
  return instance;
}

std::atomic<std::uint64_t> scopes_opened{0};
thread_local std::uint64_t current_scope = 0;

torch::Tensor activate(const torch::Tensor& h, Activation act) {
  switch (act) {
    case Activation::Gelu:
      return torch::gelu(h);
    case Activation::GeluTanh:
      return torch::gelu(h, "tanh");
    case Activation::Relu:
      return torch::relu(h);
    case Activation::None:
      break;
  }
  return h;
}

template <class F>
torch::Tensor side_by_side(const std::vector<torch::nn::Linear>& parts, F tensor_of) {
  if (parts.size() == 1) return tensor_of(parts[0]);
  std::vector<torch::Tensor> ts;
  for (const auto& p : parts) ts.push_back(tensor_of(p));
  return torch::cat(ts);
}
}  // namespace

Activation activation_for(const std::string& hidden_act) {
  if (hidden_act == "gelu") return Activation::Gelu;
  if (hidden_act == "relu") return Activation::Relu;
  if (hidden_act == "gelu_new" || hidden_act == "gelu_pytorch_tanh") return Activation::GeluTanh;
  // model_config.cpp refuses any other name with its file and field.
  throw std::invalid_argument("unsupported activation '" + hidden_act + "'");
}

bool fused_bfloat16_dense_available() { return onednn() != nullptr; }

FrozenWeights::FrozenWeights() : previous_(current_scope) { current_scope = ++scopes_opened; }
FrozenWeights::~FrozenWeights() { current_scope = previous_; }

DenseWeights::Prepared DenseWeights::joined(const std::vector<torch::nn::Linear>& parts) {
  return {side_by_side(parts, [](const auto& p) { return p->weight; }),
          side_by_side(parts, [](const auto& p) { return p->bias; }),
          {}};
}

DenseWeights::Prepared DenseWeights::prepared(const std::vector<torch::nn::Linear>& parts, bool blocked) {
  std::lock_guard lock(mutex_);
  if (scope_ != current_scope || !cache_.weight.defined()) {
    cache_ = joined(parts);
    scope_ = current_scope;
  }
  if (blocked && !cache_.blocked.defined()) cache_.blocked = onednn()->block(cache_.weight);
  return cache_;
}

torch::Tensor DenseWeights::forward(const char* gemm_phase, const torch::Tensor& x,
                                    const std::vector<torch::nn::Linear>& parts, Activation act,
                                    const torch::Tensor& residual) {
  const bool fused = !torch::GradMode::is_enabled() && current_scope != 0 && x.device().is_cpu() &&
                     x.scalar_type() == torch::kBFloat16 && parts[0]->weight.scalar_type() == torch::kBFloat16 &&
                     onednn();
  if (fused) {
    const auto w = prepared(parts, true);
    if (residual.defined() && act == Activation::None)
      return in_phase(gemm_phase, [&] { return onednn()->linear_add(x, residual, w.blocked, w.bias); });
    auto h = in_phase(gemm_phase, [&] { return onednn()->linear(x, w.blocked, w.bias); });
    // The activation stays a kernel of its own: oneDNN compiles a GEMM per
    // row count, and one with a fused erf-GELU cost 17 ms to compile against
    // 3 ms (a batch of new length) for a saving of 0.3-0.6 ms a call.
    if (act != Activation::None) h = in_phase(phase::kActivation, [&] { return activate(h, act); });
    return residual.defined() ? in_phase(phase::kResidualLayerNorm, [&] { return h + residual; }) : h;
  }
  Prepared w;
  if (torch::GradMode::is_enabled() || current_scope == 0) {
    // Training (autograd records the concatenation), or weights that may
    // have changed since the last call.
    w = parts.size() > 1 ? in_phase(phase::kQkvWeights, [&] { return joined(parts); }) : joined(parts);
  } else {
    w = prepared(parts, false);
  }
  auto h = in_phase(gemm_phase, [&] { return torch::nn::functional::linear(x, w.weight, w.bias); });
  if (act != Activation::None) h = in_phase(phase::kActivation, [&] { return activate(h, act); });
  if (residual.defined()) h = in_phase(phase::kResidualLayerNorm, [&] { return h + residual; });
  return h;
}

}  // namespace ranksent
