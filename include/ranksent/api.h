// The public API: what a program or a binding (the Python package `ranksent`,
// python/) calls to select seeds, generate ranking lists, post-train, encode,
// evaluate and run a study. Every option is typed (ranksent/options.h for the
// choices, the structs below for the rest) with its default written once in
// its struct; a bad value is an OptionError naming the field. The CLI
// (tools/ranksent) is one user of these calls, the Python package another.
//
// Long calls take `stop`: when it turns true they finish the unit at hand (a
// list, a step), save, and return with `interrupted` set; a rerun resumes.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/eval/evaluate.h"
#include "ranksent/generate/generate_run.h"
#include "ranksent/models.h"
#include "ranksent/options.h"
#include "ranksent/select/seed_selection.h"
#include "ranksent/study/study_run.h"
#include "ranksent/train/trainer.h"

namespace ranksent {

// An encoder by tier name (ranksent models) or Hugging Face folder, its
// weights on `device` ("cpu", "cuda", "cuda:N") in `dtype` (Auto as
// options.h says).
Encoder open_encoder(const std::string& name_or_path, const std::string& device = "cpu", Dtype dtype = Dtype::Auto);

// Ranking lists for sentences held in memory, as records of a lists file
// (RankingList::to_json), in seed order, ids 1..n. `run` says how (its seeds
// and output fields are set here): with `output` non-empty the lists go to
// that file and a rerun resumes it; otherwise to a temporary folder removed
// afterwards. `run.model` may be a tier name or empty (the best installed
// tier). Seeds longer than the model's limit come back rejected with a reason.
struct GeneratedLists {
  std::vector<nlohmann::json> lists;
  GenerateSummary summary;
};
GeneratedLists generate(const std::vector<std::string>& seeds, GenerateRun run,
                        const std::filesystem::path& output = {}, const std::atomic<bool>* stop = nullptr);

// The lists of a lists file, as records (the one reader, lists_file.h).
std::vector<nlohmann::json> read_lists(const std::filesystem::path& file);

// Post-training; `options.model` and `options.teacher` may be tier names,
// `options.data` empty ($RANKSENT_DATA, else ../shared/data).
TrainSummary train_encoder(TrainOptions options, const std::atomic<bool>* stop = nullptr);

// The evaluation suite on a model (tier or folder): the JSON of `ranksent
// eval --json` (per task scores and the averages). `tasks` is a spec as
// `eval --tasks` takes it ("sts", "sts,transfer", "STSBenchmark", ...);
// `options.data` empty: $RANKSENT_DATA, else ../shared/data.
nlohmann::json evaluate_model(const std::string& name_or_path, const std::string& tasks, eval::EvalOptions options = {},
                              const EncodeOptions& encode = {}, const std::string& device = "cpu",
                              Dtype dtype = Dtype::Auto);

// A study file run stage by stage (docs/study.md) into `out` (empty: out/NAME),
// each stage a child `program` (the ranksent CLI). Returns the exit status.
int run_study_file(const std::filesystem::path& file, const std::filesystem::path& out,
                   const std::filesystem::path& program, bool dry_run = false);

}  // namespace ranksent
