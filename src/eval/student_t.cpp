// Student's t of include/ranksent/eval/student_t.h: the incomplete beta
// function, the t distribution through it, and its quantile by bisection.
#include "ranksent/eval/student_t.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ranksent::eval {

namespace {

// The continued fraction of I_x(a, b) by the modified Lentz method
// (Numerical Recipes' betacf); it converges fast for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  auto guard = [](double v) { return std::abs(v) < tiny ? tiny : v; };
  double c = 1, d = 1 / guard(1 - (a + b) * x / (a + 1));
  double h = d;
  for (int m = 1; m <= 100000; ++m) {
    const double m2 = 2.0 * m;
    const double even = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
    d = 1 / guard(1 + even * d), c = guard(1 + even / c), h *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
    d = 1 / guard(1 + odd * d), c = guard(1 + odd / c);
    h *= d * c;
    if (std::abs(d * c - 1) <= std::numeric_limits<double>::epsilon()) break;
  }
  return h;
}

// I_x(a, b) with y = 1 - x given apart, so that x close to 1 keeps its
// digits (the t distribution passes x = df / (df + t^2), y = t^2 / (df + t^2)).
double incomplete_beta(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const double front =
      std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(y));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, y) / b;
}

// P(|T| > t), t >= 0: I_{df / (df + t^2)}(df / 2, 1 / 2).
double two_sided_tail(double t, double df) {
  const double t2 = t * t;
  return incomplete_beta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1))
    throw std::invalid_argument("incomplete beta: a > 0, b > 0 and x in [0, 1] are needed");
  return incomplete_beta(a, b, x, 1 - x);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0)) throw std::invalid_argument("Student t: degrees of freedom > 0 are needed");
  if (std::isnan(t)) return t;
  const double half_tail = two_sided_tail(std::abs(t), df) / 2;
  return t >= 0 ? 1 - half_tail : half_tail;
}

double student_t_quantile(double p, double df) {
  if (!(df > 0)) throw std::invalid_argument("Student t: degrees of freedom > 0 are needed");
  if (!(p > 0 && p < 1)) throw std::invalid_argument("Student t quantile: p in (0, 1) is needed");
  if (p == 0.5) return 0;
  // Solved on the two-sided tail, which keeps its digits as p nears 1: the
  // tail falls from 1 at t = 0, so bracket the root by doubling, then bisect.
  const double tail = 2 * std::min(p, 1 - p);
  double lo = 0, hi = 1;
  while (two_sided_tail(hi, df) > tail && hi < std::numeric_limits<double>::max() / 2) lo = hi, hi *= 2;
  for (int i = 0; i < 2000 && hi - lo > 4 * std::numeric_limits<double>::epsilon() * hi; ++i) {
    const double mid = lo + (hi - lo) / 2;
    (two_sided_tail(mid, df) > tail ? lo : hi) = mid;
  }
  const double t = lo + (hi - lo) / 2;
  return p > 0.5 ? t : -t;
}

MeanInterval t_interval(const std::vector<double>& values, double level) {
  if (values.size() < 2)
    throw std::invalid_argument("t interval: two values or more are needed (n - 1 degrees of freedom), got " +
                                std::to_string(values.size()));
  if (!(level > 0 && level < 1)) throw std::invalid_argument("t interval: a level in (0, 1) is needed");
  MeanInterval r;
  r.n = values.size();
  const double n = double(r.n);
  for (double v : values) r.estimate += v / n;
  double squares = 0;
  for (double v : values) squares += (v - r.estimate) * (v - r.estimate);
  r.sd = std::sqrt(squares / (n - 1));
  const double half = student_t_quantile(0.5 + level / 2, n - 1) * r.sd / std::sqrt(n);
  r.low = r.estimate - half, r.high = r.estimate + half;
  return r;
}

}  // namespace ranksent::eval
