// The training recipe in one line and one file (<output>.train/recipe.json):
// which teacher, targets, ListMLE rows and selection rule a run used, so
// that the console, the study report and Table 4 say it without a reader
// opening the options (docs/training.md).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "ranksent/encode/encoder.h"
#include "ranksent/train/trainer.h"

namespace ranksent {

// The recipe's fields; `teacher` is the loaded teacher (its pooling and
// length as the loss reads them).
nlohmann::json recipe_json(const TrainOptions& options, const Encoder& teacher, Pooling teacher_pooling);
// "teacher all-mpnet-base-v2 (mean pooling, 32 tokens); targets refined
// (refine paper, omega 0.5); ListMLE over whole rows; lr 3e-05 linear;
// selection mean(STS-B dev, SICK-R dev), trained checkpoints only".
std::string recipe_line(const nlohmann::json& recipe);
void write_recipe_file(const std::filesystem::path& file, const nlohmann::json& recipe);

}  // namespace ranksent
