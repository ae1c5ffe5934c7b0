// The options of decoding a ranking list's sentences, in one place: the CLI
// fills them, GenerateOptions holds them, the engine takes them as they are.
#pragma once
#include "ranksent/generate/fixed_point_escape.h"

namespace ranksent {

struct DecodingOptions {
  double lambda = 0.5;       // Eq. 4 weight of the two contexts; guidance scale = 1 + lambda
  int max_new_tokens = 100;  // per sentence (the authors' cap); reaching it marks it truncated
  int parallel = 16;         // lists in flight
  bool share_prefix = true;  // KV reuse of the shared prompt prefix
  bool reuse_c2 = true;      // KV reuse of c1's prompt as the next c2
  // One KV stream per sequence (the default) or one buffer for all. With
  // the unified buffer llama.cpp's results for a sequence change with what
  // else is in the batch (measured: up to 0.45 in a log-probability on the
  // default model); with a stream each they are bit-identical to a
  // single-sequence run. The price: sharing the prefix copies a stream.
  bool kv_unified = false;
  // Beyond the paper, on by default: leave fixed points by re-decoding a
  // step that breaks a sentence rule (fixed_point_escape.h).
  EscapeOptions escape;
};

}  // namespace ranksent
