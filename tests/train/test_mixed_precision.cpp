// Mixed-precision training (`train --dtype bfloat16`): the forward passes
// run under autocast while the weights and their gradients stay float32, and
// the list loss and its gradient stay close to the float32 ones.
#include <gtest/gtest.h>

#include <ATen/autocast_mode.h>

#include "ranksent/encode/encoder_tensors.h"
#include "ranksent/error.h"
#include "ranksent/models.h"
#include "support/environment.h"
#include "train/list_loss.h"
#include "train/mixed_precision.h"

using namespace ranksent;

namespace {

const std::vector<std::string> kList = {"A man is playing a guitar on a stage.",
                                        "A man plays a guitar in front of a crowd.",
                                        "A man is holding a guitar.",
                                        "A woman is singing a song.",
                                        "Two dogs run through the snow.",
                                        "A chef slices an onion in the kitchen."};

struct LossAndGrads {
  double loss = 0;
  torch::Tensor grads;  // every gradient, flattened
  bool weights_float32 = true, grads_float32 = true;
};

LossAndGrads loss_and_grads(std::optional<torch::ScalarType> autocast) {
  auto student = Encoder::load(default_encoder().path);
  auto teacher = Encoder::load(default_encoder().path);
  set_training(student, false);  // no dropout: the two runs see the same network
  set_training(teacher, false);
  ListLossOptions o;
  o.student_pooling = o.teacher_pooling = Pooling::Mean;
  o.autocast = autocast;
  auto targets = list_targets(teacher_similarities(teacher, kList, o), o);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(7);
  auto loss = list_loss(student, kList, targets, o, gen);
  loss.backward();
  LossAndGrads r;
  r.loss = loss.item<double>();
  std::vector<torch::Tensor> g;
  for (const auto& p : parameters(student)) {
    r.weights_float32 &= p.scalar_type() == torch::kFloat;
    if (!p.grad().defined()) continue;
    r.grads_float32 &= p.grad().scalar_type() == torch::kFloat;
    g.push_back(p.grad().reshape({-1}));
  }
  r.grads = torch::cat(g);
  return r;
}

}  // namespace

TEST(MixedPrecision, Bfloat16ForwardKeepsFloat32WeightsAndTheFloat32Gradient) {
  const auto full = loss_and_grads(std::nullopt);
  const auto mixed = loss_and_grads(torch::kBFloat16);
  EXPECT_TRUE(mixed.weights_float32);
  EXPECT_TRUE(mixed.grads_float32);
  EXPECT_NE(mixed.loss, full.loss) << "autocast changed nothing: the forward did not run in bfloat16";
  EXPECT_NEAR(mixed.loss, full.loss, 0.02 * full.loss);
  const double cos = torch::cosine_similarity(mixed.grads, full.grads, 0).item<double>();
  EXPECT_GT(cos, 0.95) << "gradient direction under bfloat16";
  EXPECT_FALSE(at::autocast::is_autocast_enabled(torch::kCPU)) << "the guard left autocast on";
}

TEST(MixedPrecision, GuardRestoresAndNests) {
  ASSERT_FALSE(at::autocast::is_autocast_enabled(torch::kCPU));
  {
    const Autocast outer(torch::kCPU, torch::kBFloat16);
    EXPECT_TRUE(at::autocast::is_autocast_enabled(torch::kCPU));
    {
      const Autocast none(torch::kCPU, std::nullopt);  // float32: no change
      EXPECT_TRUE(at::autocast::is_autocast_enabled(torch::kCPU));
      const Autocast inner(torch::kCPU, torch::kBFloat16);
      auto a = torch::randn({4, 4});
      EXPECT_EQ(a.matmul(a).scalar_type(), torch::kBFloat16);
    }
    EXPECT_TRUE(at::autocast::is_autocast_enabled(torch::kCPU));
  }
  EXPECT_FALSE(at::autocast::is_autocast_enabled(torch::kCPU));
  auto a = torch::randn({4, 4});
  EXPECT_EQ(a.matmul(a).scalar_type(), torch::kFloat);
}

TEST(MixedPrecision, PrecisionSelectsAutocast) {
  EXPECT_EQ(training_autocast_dtype(Precision::Float32), std::nullopt);
  EXPECT_EQ(training_autocast_dtype(Precision::BFloat16), torch::kBFloat16);
  // float16 is no training precision (no loss scaling): it does not parse.
  EXPECT_THROW(parse_option<Precision>("float16", "precision"), OptionError);
}
