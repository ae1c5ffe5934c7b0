// /proc/cpuinfo's first "model name" and "flags" lines (cpu_features.h).
#include "ranksent/common/cpu_features.h"

#include <fstream>

namespace ranksent {

namespace {

struct CpuInfo {
  std::string model = "unknown", flags;  // flags: " word word ... " for whole-word search
};

const CpuInfo& cpu_info() {
  static const CpuInfo info = [] {
    CpuInfo c;
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    bool have_model = false;
    while (std::getline(in, line) && (!have_model || c.flags.empty())) {
      const auto colon = line.find(':');
      if (colon == std::string::npos || colon == 0) continue;
      const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
      const auto value_at = line.find_first_not_of(' ', colon + 1);
      const std::string value = value_at == std::string::npos ? "" : line.substr(value_at);
      if (key == "model name" && !have_model) c.model = value, have_model = true;
      if (key == "flags" && c.flags.empty()) c.flags = " " + value + " ";
    }
    return c;
  }();
  return info;
}

}  // namespace

std::string cpu_model_name() { return cpu_info().model; }

bool cpu_has_flag(const std::string& flag) { return cpu_info().flags.find(" " + flag + " ") != std::string::npos; }

bool cpu_has_bfloat16() { return cpu_has_flag("amx_bf16") || cpu_has_flag("avx512_bf16"); }

}  // namespace ranksent
