// The choices a user makes, typed: every enum of the public API (api.h) with
// its spelling in one table (src/common/options.cpp) that the CLI, study
// files, error messages and the Python package all read. Defaults live with
// the option structs that hold these (api.h and what it includes), once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent {

// The weights' type when encoding (encode, eval, select). Auto: bfloat16 on a
// CPU that computes it in hardware (AMX-BF16 or AVX512-BF16; docs/results,
// "Against the floor": STS avg -0.007 against float32, 2x faster on a Xeon
// with AMX), float32 elsewhere and on CUDA.
enum class Dtype { Auto, Float32, BFloat16, Float16 };

// Training's arithmetic, a separate choice: float32, or forward passes under
// bfloat16 autocast over float32 weights (mixed precision). float16 would
// need loss scaling, which training does not do.
enum class Precision { Float32, BFloat16 };

// How token states become one sentence embedding (SimCSE's names).
enum class Pooling {
  Cls,              // [CLS] through BERT's pooler (dense + tanh)
  ClsBeforePooler,  // the raw [CLS] state
  Mean,             // mean over the attention mask
};

// How a ranking list is written (docs/method.md section 2): directional
// decoding (Eq. 4), the paper's baselines, or a permutation of existing lists.
enum class Strategy { directional, step_by_step, single_step, shuffle };

// What a step that breaks a sentence rule does (fixed_point_escape.h).
enum class FixedPointEscape { none, resample, avoid, resample_avoid };

// What ListMLE orders each row by (docs/method.md sections 3.2, 3.4).
enum class TargetKind {
  Refined,   // PhiHat of Eq. 6-7 (the method)
  Rank,      // ablation (d): the list order itself
  Semantic,  // ablation (e): PhiHat = Phi
};

// How Delta of Eq. 6 is read (docs/method.md section 3.2; Algorithm 1).
enum class RefineMode {
  Paper,     // Delta[j][k] = S_j[r(k)] - Phi[j][k]: the value the item should have at its rank, minus its own
  Literal,   // Algorithm 1 as printed: Delta[j][k] = Phi[j][k] - Phi[j][j + p(k)], p(k) = its sorted position
  Released,  // the authors' refine_similarity_matrix: |Phi[j][k] - S_j[r(k)]|, negative iff p(k) < k (column, not rank)
};

// Which items of row j ListMLE ranks (docs/method.md section 3.4).
enum class ListMleRows {
  Whole,   // every k, the sentence itself included (Eq. 8's phi^j = [phi_j1 .. phi_jn]; the released ListMLE)
  Others,  // k != j only
};

// The dev score that picks the saved checkpoint (docs/method.md section 3.5).
enum class SelectMetric {
  Stsb,       // STS-B dev Spearman x 100
  StsbSickr,  // mean of STS-B dev and SICK-R dev (SICK_trial) Spearman x 100: the released trainer's avg_sts
};

enum class LrSchedule { Linear, Constant };

// The paper's words for the same choices.
using Targets = TargetKind;
using Refine = RefineMode;
using Escape = FixedPointEscape;

// How an encoder embeds a batch of sentences.
struct EncodeOptions {
  std::int64_t batch_size = 64;
  std::size_t max_length = 0;      // 0 = the model's own limit
  std::optional<Pooling> pooling;  // unset = the model's own (1_Pooling, else cls / cls_before_pooler)
  std::optional<bool> normalize;   // unset = as modules.json says (a Normalize module)
  bool show_progress = false;
};

// The spelling of a value ("step-by-step", "bfloat16", "cls_before_pooler"),
// its inverse, and every spelling in declaration order. parse_option throws
// OptionError naming `field` and the choices; an alias (pooling "avg") parses
// but is never written.
template <typename E>
std::string_view option_name(E value);
template <typename E>
E parse_option(std::string_view name, std::string_view field);
template <typename E>
std::optional<E> find_option(std::string_view name);
template <typename E>
std::vector<std::string> option_names();
// "a | b | c", for help texts and messages.
template <typename E>
std::string option_choices();

}  // namespace ranksent
