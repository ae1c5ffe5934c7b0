// Facts about the LibTorch the program was built with, without its headers.
#pragma once
#include <string>

namespace ranksent {

std::string libtorch_version();  // e.g. "2.13.0"
bool cuda_available();
// The vector width LibTorch's CPU kernels dispatch to here: "AVX512", "AVX2", "DEFAULT", ...
std::string libtorch_cpu_capability();
void set_torch_threads(int threads);  // 0 leaves LibTorch's default
int torch_threads();                  // the intra-op threads LibTorch uses now

}  // namespace ranksent
