// The fixed-point escape inside the engine (fixed_point_escape.h,
// docs/method.md section 2.5): a finished sentence that breaks a sentence
// rule is decoded again, its tokens drawn or penalised from the step's
// Eq. 4 scores.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "kv_batch.h"
#include "list_slot.h"
#include "sentence_end.h"

namespace ranksent {

// The rule `sentence` breaks when the escape may still decode it again
// (mode not none, attempts left); nullopt otherwise.
std::optional<std::string> redecode_rule(const EscapeOptions& escape, const VerifyOptions& rules, const ListSlot& s,
                                         const FinishedSentence& sentence);

// A token of a re-decoded sentence from this step's scores: avoid penalises
// copies of earlier sentences and takes the argmax; resample draws from
// softmax(score / T), after the penalty with resample-avoid.
Token redecode_token(const EscapeOptions& escape, ListSlot& s, std::vector<float>& scores);

// Drops the sentence's generated tokens from its contexts and evaluates
// each prompt's last token again, so that the next step starts it anew
// with a generator keyed by the list, the sentence and the attempt.
void restart_sentence(ListSlot& s, KvBatch& kv, const std::string& rule, EngineStats& stats);

}  // namespace ranksent
