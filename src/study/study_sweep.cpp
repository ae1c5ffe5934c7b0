#include "study_sweep.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/core.h>

namespace ranksent::study {

using json = nlohmann::json;

namespace {

// The arms of a sweep, one per point: training arms, each once.
std::vector<std::string> sweep_arms(Fields& f, const json& train) {
  if (!f.has("arms")) f.fail("arms", "required field is missing");
  const std::vector<std::string> arms = f.texts("arms");
  if (arms.size() < 2) f.fail("arms", "a sweep needs two training arms or more");
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto named = [&](const json& t) { return t["name"] == arms[i]; };
    if (std::none_of(train.begin(), train.end(), named))
      f.fail(fmt::format("arms[{}]", i), "'" + arms[i] + "' is not a training arm");
    if (std::count(arms.begin(), arms.begin() + long(i), arms[i]))
      f.fail(fmt::format("arms[{}]", i), "'" + arms[i] + "' is in the sweep twice");
  }
  return arms;
}

// The x of each arm: finite (Fields::numbers), increasing, > 0 on a log axis.
std::vector<double> sweep_x(Fields& f, std::size_t arms, bool log_scale) {
  if (!f.has("x")) f.fail("x", "required field is missing");
  const std::vector<double> x = f.numbers("x");
  if (x.size() != arms) f.fail("x", fmt::format("needs one number per arm: {} arms, {} numbers", arms, x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (i > 0 && !(x[i] > x[i - 1])) f.fail(fmt::format("x[{}]", i), "must be larger than the number before it");
    if (log_scale && !(x[i] > 0)) f.fail(fmt::format("x[{}]", i), "must be > 0 on a log axis (x_scale = \"log\")");
  }
  return x;
}

// The text an arm's options give `option` ("--omega 0.3" or "--omega=0.3").
std::optional<std::string> option_value(Fields& f, const std::string& path, const json& options,
                                        const std::string& option) {
  std::optional<std::string> found;
  for (std::size_t k = 0; k < options.size(); ++k) {
    const std::string o = options[k];
    std::optional<std::string> v;
    if (o == option && k + 1 < options.size()) v = options[k + 1].get<std::string>();
    if (o.rfind(option + "=", 0) == 0) v = o.substr(option.size() + 1);
    if (v && found) f.fail(path, "its arm sets " + option + " twice");
    if (v) found = v;
  }
  return found;
}

// `option`: each arm's options must set it to the arm's x, so the x of the
// report is the value the arm trained with, not a label beside it.
void check_option(Fields& f, const std::string& option, const std::vector<std::string>& arms,
                  const std::vector<double>& x, const json& train) {
  if (option.empty()) return;
  if (option.rfind("--", 0) != 0 || option.size() < 3)
    f.fail("option", "must be a `ranksent train` option such as \"--omega\", got '" + option + "'");
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto arm = std::find_if(train.begin(), train.end(), [&](const json& t) { return t["name"] == arms[i]; });
    const std::string path = fmt::format("arms[{}]", i);
    const auto text = option_value(f, path, (*arm)["options"], option);
    if (!text)
      f.fail(path, fmt::format("arm '{}' does not set {} in its options (the sweep's `option`)", arms[i], option));
    std::size_t used = 0;
    double v = NAN;
    try {
      v = std::stod(*text, &used);
    } catch (const std::exception&) {
    }
    if (used != text->size() || !std::isfinite(v))
      f.fail(path, fmt::format("arm '{}' sets {} to '{}', not a number", arms[i], option, *text));
    if (std::abs(v - x[i]) > 1e-9 * std::max(1.0, std::abs(x[i])))
      f.fail(fmt::format("x[{}]", i),
             fmt::format("is {} but arm '{}' trains with {} {}", x[i], arms[i], option, *text));
  }
}

}  // namespace

json sweep_table(Fields& f, const json& train, std::set<std::string>& names) {
  json s;
  s["name"] = unique_name(f, names, "sweep");
  const std::string x_label = f.text("x_label");
  s["x_label"] = x_label;
  s["title"] = f.text("title", "STS avg against " + x_label);
  const std::string scale = f.text("x_scale", "linear");
  if (scale != "linear" && scale != "log") f.fail("x_scale", "must be linear or log, got '" + scale + "'");
  s["x_scale"] = scale;
  const std::vector<std::string> arms = sweep_arms(f, train);
  const std::vector<double> x = sweep_x(f, arms.size(), scale == "log");
  const std::string option = f.text("option", std::string());
  check_option(f, option, arms, x, train);
  s["arms"] = arms;
  s["x"] = x;
  s["option"] = option;
  return s;
}

}  // namespace ranksent::study
