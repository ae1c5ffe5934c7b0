// Student's t (student_t.h): quantiles and CDF values against scipy.stats.t
// (scipy 1.17.1, printed to 16 digits), the t interval of a mean by hand, and
// the inputs it refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "ranksent/eval/student_t.h"

using namespace ranksent;

TEST(StudentT, QuantilesMatchScipy) {
  struct Case {
    double p, df, t;
  };
  // scipy.stats.t.ppf(p, df)
  const Case cases[] = {
      {0.975, 1, 12.706204736174694},  {0.975, 2, 4.302652729749462},     {0.975, 9, 2.262157162798205},
      {0.975, 19, 2.0930240544083087}, {0.95, 5, 2.0150483733330233},     {0.995, 30, 2.7499956535672254},
      {0.9, 3, 1.637744353696209},     {0.975, 1000, 1.9623390808264083}, {0.6, 4, 0.2707222947075976},
      {0.999, 2, 22.327124770119866},  {0.025, 2, -4.302652729749462}};
  for (const auto& c : cases) EXPECT_NEAR(eval::student_t_quantile(c.p, c.df), c.t, 1e-9 * std::abs(c.t)) << c.p;
  // One degree of freedom is Cauchy: t = tan(pi (p - 1/2)).
  EXPECT_NEAR(eval::student_t_quantile(0.9, 1), std::tan(M_PI * 0.4), 1e-9);
  // Many degrees of freedom approach the normal's 1.959964.
  EXPECT_NEAR(eval::student_t_quantile(0.975, 1e6), 1.959966356814107, 1e-8);
  EXPECT_EQ(eval::student_t_quantile(0.5, 7), 0.0);
}

TEST(StudentT, CdfMatchesScipyAndInvertsTheQuantile) {
  EXPECT_NEAR(eval::student_t_cdf(1.5, 3), 0.8847080673775886, 1e-13);  // scipy.stats.t.cdf
  EXPECT_NEAR(eval::student_t_cdf(-2.0, 7), 0.042809664281488025, 1e-13);
  EXPECT_NEAR(eval::student_t_cdf(0.3, 0.5), 0.5775704239347546, 1e-13);
  EXPECT_EQ(eval::student_t_cdf(0, 4), 0.5);
  for (double df : {1.0, 2.0, 4.5, 30.0})
    for (double p : {0.01, 0.3, 0.8, 0.999})
      EXPECT_NEAR(eval::student_t_cdf(eval::student_t_quantile(p, df), df), p, 1e-13);
  // I_x(2, 3) = 6 x^2 (1/2 - 2x/3 + x^2/4) at x = 0.4: 0.5248 (scipy.special.betainc).
  EXPECT_NEAR(eval::incomplete_beta(2, 3, 0.4), 0.5248, 1e-15);
}

TEST(StudentT, IntervalOfAMeanByHand) {
  // -0.13, +0.36, +0.29: mean 0.173333, deviations -0.303333, 0.186667,
  // 0.116667, sum of squares 0.140467, sd sqrt(0.140467 / 2) = 0.265016;
  // half-width 4.302653 x 0.265016 / sqrt(3) = 0.658336.
  const auto r = eval::t_interval({-0.13, 0.36, 0.29}, 0.95);
  EXPECT_EQ(r.n, 3u);
  EXPECT_NEAR(r.estimate, 0.173333333, 1e-8);
  EXPECT_NEAR(r.sd, 0.265015723, 1e-8);
  EXPECT_NEAR(r.low, -0.485002, 1e-6);
  EXPECT_NEAR(r.high, 0.831669, 1e-6);
  // Ten values 1..10: mean 5.5, sd sqrt(55 / 6) = 3.027650, 90%: t_{0.95,9} = 1.833113.
  std::vector<double> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(i);
  const auto t = eval::t_interval(ten, 0.9);
  EXPECT_NEAR(t.high - t.estimate, 1.833112932656237 * std::sqrt(55.0 / 6.0) / std::sqrt(10.0), 1e-9);
  EXPECT_NEAR(t.estimate - t.low, t.high - t.estimate, 1e-12);
}

TEST(StudentT, RefusesWhatHasNoAnswer) {
  EXPECT_THROW(eval::student_t_quantile(1.0, 3), std::invalid_argument);
  EXPECT_THROW(eval::student_t_quantile(0.0, 3), std::invalid_argument);
  EXPECT_THROW(eval::student_t_quantile(0.9, 0), std::invalid_argument);
  EXPECT_THROW(eval::incomplete_beta(0, 1, 0.5), std::invalid_argument);
  try {
    eval::t_interval({1.0}, 0.95);
    FAIL() << "one value has no spread to measure";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("two values or more"), std::string::npos) << e.what();
  }
  EXPECT_THROW(eval::t_interval({1.0, 2.0}, 1.0), std::invalid_argument);
}
