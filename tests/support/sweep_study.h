// The study-file text of a Fig. 3 sweep that the study-plan and report tests
// both read: three training arms at omega 0.1, 0.5 and 0.9 and their
// [[sweep]] (docs/study.md).
#pragma once
#include <string>

namespace ranksent::test {

// Arms w1, w5, w9 on `lists` (a generation arm or "snli-labels"), seeds
// [1, 2, 3], [1, 2, 3] and [1, 2], options "--omega 0.1", "--omega=0.5" (the
// other spelling) and "--omega 0.9"; the sweep "omega", titled "Fig. 3a",
// x = [0.1, 0.5, 0.9], checked against --omega.
std::string omega_sweep_toml(const std::string& lists);

}  // namespace ranksent::test
