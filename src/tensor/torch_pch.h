// The one precompiled header of ranksent_torch: LibTorch is heavy, so every
// tensor translation unit shares this parse. Nothing outside ranksent_torch
// includes it.
#pragma once
#include <torch/torch.h>
