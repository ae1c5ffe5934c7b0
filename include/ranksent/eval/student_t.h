// Student's t distribution and the t interval of a mean: the interval over
// training seeds of docs/method.md section 4 (n per-seed differences, n - 1
// degrees of freedom), which needs a t quantile that the standard library
// does not have.
#pragma once
#include <cstddef>
#include <vector>

namespace ranksent::eval {

// The regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]
// (a continued fraction, Numerical Recipes section 6.4).
double incomplete_beta(double a, double b, double x);

// P(T <= t) for T ~ Student t with df > 0 degrees of freedom.
double student_t_cdf(double t, double df);

// The t with P(T <= t) = p, p in (0, 1): t_{0.975, 2} = 4.302653.
// std::invalid_argument outside those ranges.
double student_t_quantile(double p, double df);

struct MeanInterval {
  double estimate = 0;  // the mean
  double low = 0, high = 0;
  double sd = 0;  // sample standard deviation (n - 1 in the denominator)
  std::size_t n = 0;
};

// mean ± t_{(1 + level) / 2, n - 1} sd / sqrt(n): std::invalid_argument with
// fewer than two values (no spread to measure) or a level outside (0, 1).
MeanInterval t_interval(const std::vector<double>& values, double level);

}  // namespace ranksent::eval
