#include "ranksent/tensor/torch_info.h"

#include <torch/version.h>

namespace ranksent {

std::string libtorch_version() { return TORCH_VERSION; }
bool cuda_available() { return torch::cuda::is_available(); }
void set_torch_threads(int threads) {
  if (threads > 0) torch::set_num_threads(threads);
}

}  // namespace ranksent
