#include "train/mixed_precision.h"

#include <ATen/autocast_mode.h>

#include "ranksent/error.h"

namespace ranksent {

std::optional<torch::ScalarType> training_autocast_dtype(Precision precision) {
  if (precision == Precision::BFloat16) return torch::kBFloat16;
  return std::nullopt;
}

Autocast::Autocast(torch::DeviceType device, std::optional<torch::ScalarType> dtype) {
  if (!dtype) return;
  active_ = true;
  device_ = device;
  was_enabled_ = at::autocast::is_autocast_enabled(device);
  was_dtype_ = at::autocast::get_autocast_dtype(device);
  at::autocast::set_autocast_dtype(device, *dtype);
  at::autocast::set_autocast_enabled(device, true);
  at::autocast::increment_nesting();
}

Autocast::~Autocast() {
  if (!active_) return;
  // Casts of the weights are cached while autocast is on; the outermost
  // guard drops them, since the optimiser changes the weights next.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(device_, was_enabled_);
  at::autocast::set_autocast_dtype(device_, was_dtype_);
}

}  // namespace ranksent
