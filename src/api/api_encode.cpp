// The API's encoder and evaluation calls (ranksent/api.h): the same steps as
// `ranksent encode` and `ranksent eval`, from names and typed options.
#include <fmt/core.h>

#include "ranksent/api.h"

namespace ranksent {

Encoder open_encoder(const std::string& name_or_path, const std::string& device, Dtype dtype) {
  if (name_or_path.empty()) throw OptionError("model", "no model given (a tier name or a model folder)");
  auto encoder = Encoder::load(resolve_encoder(name_or_path));
  encoder.place(device, std::string(option_name(dtype)));
  return encoder;
}

nlohmann::json evaluate_model(const std::string& name_or_path, const std::string& tasks, eval::EvalOptions options,
                              const EncodeOptions& encode, const std::string& device, Dtype dtype) {
  options.data = data_dir(options.data);
  if (!std::filesystem::is_directory(options.data)) throw InputError(options.data.string(), "data directory not found");
  options.tasks = eval::expand_tasks(tasks);
  const auto encoder = open_encoder(name_or_path, device, dtype);
  auto results = eval::evaluate(encoder, encode, options);
  results["dtype"] = encoder.dtype();
  return results;
}

}  // namespace ranksent
