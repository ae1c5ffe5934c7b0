// Where an encoder runs (--device, --dtype): the weights move, and the
// tensors made from them follow (Impl::tokenize puts ids on the weights'
// device; embeddings return to the CPU as float32), so the rest of the code
// is device-generic and a LibTorch CPU build compiles every path.
#include <string>

#include "encode/encoder_impl.h"
#include "ranksent/common/cpu_features.h"
#include "ranksent/error.h"

namespace ranksent {

namespace {

torch::Device parse_device(const std::string& name) {
  if (name == "cpu") return torch::Device(torch::kCPU);
  if (name != "cuda" && !name.starts_with("cuda:"))
    throw UsageError("--device " + name + ": expected cpu, cuda or cuda:N");
  int index = 0;
  if (name != "cuda") {
    const std::string digits = name.substr(5);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("--device " + name + ": expected cuda:N with N a device number");
    index = std::stoi(digits);
  }
  // A CUDA LibTorch on a machine without a GPU is told apart from a CPU LibTorch: the fixes differ.
  if (!at::detail::getCUDAHooks().isBuilt())
    throw UsageError("--device " + name +
                     ": this LibTorch is a CPU build (build against a CUDA LibTorch: docs/scaling.md)");
  const auto count = int(torch::cuda::device_count());
  if (count == 0)
    throw UsageError("--device " + name + ": no CUDA device here (this LibTorch has CUDA; the machine shows no GPU)");
  if (index >= count)
    throw UsageError("--device " + name + ": " + std::to_string(count) + " CUDA device(s) visible here");
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
}

torch::ScalarType parse_dtype(const std::string& name) {
  if (name == "float32") return torch::kFloat;
  if (name == "bfloat16") return torch::kBFloat16;
  if (name == "float16") return torch::kHalf;
  throw UsageError("--dtype " + name + ": expected float32, bfloat16, float16 or auto");
}

}  // namespace

std::string resolve_dtype(const std::string& dtype, const std::string& device) {
  if (dtype != "auto") return dtype;
  return device == "cpu" && cpu_has_bfloat16() ? "bfloat16" : "float32";
}

void Encoder::place(const std::string& device, const std::string& dtype) {
  const auto d = parse_device(device);
  const auto t = parse_dtype(resolve_dtype(dtype, device));
  impl_->model->to(d, t);
}

std::string Encoder::device() const { return impl_->model->embeddings->word_embeddings->weight.device().str(); }

std::string Encoder::dtype() const {
  const auto t = impl_->model->embeddings->word_embeddings->weight.scalar_type();
  return t == torch::kBFloat16 ? "bfloat16" : t == torch::kHalf ? "float16" : "float32";
}

}  // namespace ranksent
