// The order lists are used in (docs/method.md section 3.4: one list per
// step): a seeded subset of the lists (--fraction, Fig. 3b), reshuffled each
// epoch. The subset is a prefix of one seeded permutation, so for one seed a
// smaller share lies inside a larger one (docs/training.md, "A share of the
// lists"). A pure function of (seed, step), so a resumed run uses the same
// list at every step as an uninterrupted one.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ranksent {

class ListSchedule {
 public:
  // `fraction` in (0, 1]; at least one list is used.
  ListSchedule(std::size_t lists, double fraction, std::uint64_t seed);
  std::size_t size() const { return subset_.size(); }  // lists used per epoch
  std::size_t at(std::int64_t step) const;             // index into the lists

 private:
  std::vector<std::size_t> subset_;
  std::uint64_t seed_;
  // The last epoch's order, so that a step costs no reshuffle (at() stays a
  // pure function of the step: the cache only remembers).
  mutable std::int64_t epoch_ = -1;
  mutable std::vector<std::size_t> order_;
};

}  // namespace ranksent
