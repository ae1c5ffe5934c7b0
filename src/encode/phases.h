// The names under which `encode --profile` times the encoder's work (one
// place, so that a phase cannot split in two by a typo).
#pragma once

namespace ranksent::phase {
inline constexpr char kEmbeddings[] = "embeddings";
inline constexpr char kMask[] = "attention mask and packing";
inline constexpr char kPackAndPad[] = "pack and pad";
inline constexpr char kQkvWeights[] = "QKV weights (cat)";
inline constexpr char kQkv[] = "GEMM: QKV";
inline constexpr char kAttention[] = "attention (SDPA)";
inline constexpr char kAttentionOutput[] = "GEMM: attention output";
inline constexpr char kFeedForwardUp[] = "GEMM: feed-forward up";
inline constexpr char kFeedForwardDown[] = "GEMM: feed-forward down";
inline constexpr char kActivation[] = "activation (GELU)";
inline constexpr char kResidualLayerNorm[] = "residual and LayerNorm";
inline constexpr char kPooling[] = "pooling";
}  // namespace ranksent::phase
