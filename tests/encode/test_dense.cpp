// DenseWeights: the dense layers' prepared weights. Outside autograd and a
// FrozenWeights scope it is torch's linear exactly; a new scope sees weights
// changed in place (an optimiser step does not bump version counters); the
// bfloat16 oneDNN path stays within bfloat16 rounding of float32; training
// still backpropagates through the concatenated query/key/value weights.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <stdexcept>

#include "encode/dense.h"
#include "encode/phases.h"

using namespace ranksent;
namespace F = torch::nn::functional;

namespace {

std::vector<torch::nn::Linear> layers(std::vector<std::int64_t> outs, std::int64_t in, torch::Dtype dtype) {
  std::vector<torch::nn::Linear> parts;
  for (auto out : outs) {
    parts.emplace_back(torch::nn::LinearOptions(in, out));
    parts.back()->to(dtype);
  }
  return parts;
}

torch::Tensor reference(const torch::Tensor& x, const std::vector<torch::nn::Linear>& parts, Activation act,
                        const torch::Tensor& residual) {
  std::vector<torch::Tensor> ws, bs;
  for (const auto& p : parts) {
    ws.push_back(p->weight.to(torch::kFloat));
    bs.push_back(p->bias.to(torch::kFloat));
  }
  auto h = F::linear(x.to(torch::kFloat), torch::cat(ws), torch::cat(bs));
  if (act == Activation::Gelu) h = torch::gelu(h);
  if (act == Activation::GeluTanh) h = torch::gelu(h, "tanh");
  if (act == Activation::Relu) h = torch::relu(h);
  return residual.defined() ? h + residual.to(torch::kFloat) : h;
}

}  // namespace

TEST(Dense, ActivationNamesFollowHuggingFace) {
  EXPECT_EQ(activation_for("gelu"), Activation::Gelu);
  EXPECT_EQ(activation_for("gelu_new"), Activation::GeluTanh);
  EXPECT_EQ(activation_for("gelu_pytorch_tanh"), Activation::GeluTanh);
  EXPECT_EQ(activation_for("relu"), Activation::Relu);
  EXPECT_THROW(activation_for("swish"), std::invalid_argument);
}

TEST(Dense, Float32IsTorchLinearExactlyInAndOutOfAScope) {
  torch::manual_seed(1);
  auto parts = layers({8, 8, 8}, 16, torch::kFloat);
  auto x = torch::randn({5, 16}), residual = torch::randn({5, 24});
  torch::InferenceMode inference;
  DenseWeights dense;
  const auto expected = reference(x, parts, Activation::Gelu, residual);
  EXPECT_TRUE(torch::equal(dense.forward(phase::kQkv, x, parts, Activation::Gelu, residual), expected));
  FrozenWeights scope;
  EXPECT_TRUE(torch::equal(dense.forward(phase::kQkv, x, parts, Activation::Gelu, residual), expected));
}

TEST(Dense, ANewScopeSeesWeightsChangedInPlace) {
  torch::manual_seed(2);
  for (auto dtype : {torch::kFloat, torch::kBFloat16}) {
    auto parts = layers({12}, 16, dtype);
    auto x = torch::randn({4, 16}).to(dtype);
    torch::InferenceMode inference;
    DenseWeights dense;
    torch::Tensor before, after;
    {
      FrozenWeights scope;
      before = dense.forward(phase::kFeedForwardUp, x, parts, Activation::None).to(torch::kFloat);
    }
    // What an optimiser step does: the same storage, new values.
    parts[0]->weight.mul_(2);
    parts[0]->bias.mul_(2);
    {
      FrozenWeights scope;
      after = dense.forward(phase::kFeedForwardUp, x, parts, Activation::None).to(torch::kFloat);
    }
    const double tol = dtype == torch::kFloat ? 1e-5 : 0.05;
    EXPECT_TRUE(torch::allclose(after, before * 2, tol, tol)) << "dtype " << dtype;
  }
}

TEST(Dense, Bfloat16StaysWithinItsRoundingOfFloat32) {
  if (!fused_bfloat16_dense_available())
    GTEST_SKIP() << "skipped: needs oneDNN's bfloat16 linear, which this CPU's LibTorch refuses "
                    "(torch's linear runs bfloat16 here instead)";
  torch::manual_seed(3);
  auto parts = layers({64, 64, 64}, 96, torch::kBFloat16);
  auto x = torch::randn({37, 96}).to(torch::kBFloat16);
  auto residual = torch::randn({37, 192}).to(torch::kBFloat16);
  torch::InferenceMode inference;
  for (auto act : {Activation::None, Activation::Gelu, Activation::GeluTanh, Activation::Relu}) {
    for (bool with_residual : {false, true}) {
      DenseWeights dense;
      FrozenWeights scope;
      const auto r = with_residual ? residual : torch::Tensor();
      // Twice: the second call reads the cached blocked weight.
      for (int call = 0; call < 2; ++call) {
        const auto got = dense.forward(phase::kQkv, x, parts, act, r);
        ASSERT_EQ(got.scalar_type(), torch::kBFloat16);
        ASSERT_EQ(got.sizes(), (std::vector<std::int64_t>{37, 192}));
        const auto want = reference(x, parts, act, r);
        // bfloat16 keeps 8 bits of mantissa: a relative error of 2^-8 on
        // sums of magnitude up to ~10 here, plus the output's own rounding.
        const double err = (got.to(torch::kFloat) - want).abs().max().item<double>();
        EXPECT_LT(err, 0.125) << "activation " << int(act) << " residual " << with_residual;
      }
    }
  }
}

TEST(Dense, TrainingBackpropagatesThroughTheJoinedWeights) {
  torch::manual_seed(4);
  auto parts = layers({6, 6}, 10, torch::kFloat);
  auto x = torch::randn({3, 10});
  DenseWeights dense;
  dense.forward(phase::kQkv, x, parts, Activation::GeluTanh).sum().backward();
  for (const auto& p : parts) {
    ASSERT_TRUE(p->weight.grad().defined());
    EXPECT_GT(p->weight.grad().abs().sum().item<double>(), 0.0);
  }
  // The gradient of a sum through part 0 is independent of part 1.
  auto w0 = parts[0]->weight.detach().clone().requires_grad_(), b0 = parts[0]->bias.detach().clone();
  F::gelu(F::linear(x, w0, b0), F::GELUFuncOptions().approximate("tanh")).sum().backward();
  EXPECT_TRUE(torch::allclose(parts[0]->weight.grad(), w0.grad(), 1e-5, 1e-6));
}
