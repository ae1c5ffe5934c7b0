// What this CPU is and which instruction sets its kernel reports
// (/proc/cpuinfo): figures name the CPU beside them (docs/cpus.md), and
// `--dtype auto` takes bfloat16 only where the hardware computes it.
#pragma once
#include <string>

namespace ranksent {

std::string cpu_model_name();                // "model name" of /proc/cpuinfo, "unknown" elsewhere
bool cpu_has_flag(const std::string& flag);  // a word of the "flags" line, e.g. "amx_bf16"

// AMX-BF16 or AVX512-BF16: bfloat16 matrix products in hardware.
bool cpu_has_bfloat16();

}  // namespace ranksent
