#include "ranksent/tensor/torch_info.h"

#include <ATen/Version.h>
#include <torch/version.h>

namespace ranksent {

std::string libtorch_version() { return TORCH_VERSION; }
bool cuda_available() { return torch::cuda::is_available(); }
std::string libtorch_cpu_capability() { return at::get_cpu_capability(); }
void set_torch_threads(int threads) {
  if (threads > 0) torch::set_num_threads(threads);
}

int torch_threads() { return torch::get_num_threads(); }

}  // namespace ranksent
