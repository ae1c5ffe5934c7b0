#include "train/list_schedule.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "ranksent/error.h"

namespace ranksent {

ListSchedule::ListSchedule(std::size_t lists, double fraction, std::uint64_t seed) : seed_(seed) {
  if (!(fraction > 0 && fraction <= 1)) throw OptionError("fraction", "must be in (0, 1]");
  subset_.resize(lists);
  std::iota(subset_.begin(), subset_.end(), 0);
  std::mt19937_64 rng(seed);
  std::shuffle(subset_.begin(), subset_.end(), rng);
  const auto keep = std::max<std::size_t>(1, std::size_t(std::llround(fraction * double(lists))));
  subset_.resize(std::min(keep, lists));
}

std::size_t ListSchedule::at(std::int64_t step) const {
  const auto n = std::int64_t(subset_.size());
  if (step / n != epoch_) {
    epoch_ = step / n;
    order_ = subset_;
    std::mt19937_64 rng(seed_ + std::uint64_t(epoch_) * 7919);
    std::shuffle(order_.begin(), order_.end(), rng);
  }
  return order_[std::size_t(step % n)];
}

}  // namespace ranksent
