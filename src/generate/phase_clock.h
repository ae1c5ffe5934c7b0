// Timing the engine's phases (EnginePhases): the seconds a call takes, added
// to its phase.
#pragma once
#include <chrono>
#include <utility>

namespace ranksent {

template <class F>
decltype(auto) timed(double& phase, F&& f) {
  struct Add {
    double& to;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
    ~Add() { to += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
  } add{phase};
  return std::forward<F>(f)();
}

}  // namespace ranksent
