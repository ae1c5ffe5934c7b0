#include "support/sweep_study.h"

#include <fmt/core.h>

namespace ranksent::test {

std::string omega_sweep_toml(const std::string& lists) {
  return fmt::format(R"(
[[train]]
name = "w1"
lists = "{0}"
seeds = [1, 2, 3]
options = ["--omega", "0.1"]

[[train]]
name = "w5"
lists = "{0}"
seeds = [1, 2, 3]
options = ["--omega=0.5"]

[[train]]
name = "w9"
lists = "{0}"
seeds = [1, 2]
options = ["--omega", "0.9"]

[[sweep]]
name = "omega"
title = "Fig. 3a"
x_label = "omega"
arms = ["w1", "w5", "w9"]
x = [0.1, 0.5, 0.9]
option = "--omega"
)",
                     lists);
}

}  // namespace ranksent::test
