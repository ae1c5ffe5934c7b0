// A study: the whole pipeline of the paper (seed selection, ranking-list
// generation arms, list analysis, post-training arms over several seeds,
// evaluation, the report) described in one TOML or JSON file
// (docs/study.md), planned as stages that `ranksent run` executes in
// dependency order, each in its own folder of the study's output.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ranksent {

// One stage: a `ranksent` command run with the study's output folder as its
// working directory (so paths inside the study are relative and the
// recorded command is the one to rerun by hand).
struct Stage {
  std::string id;                 // also its folder: seeds, generate-NAME, analyze, eval-base, train-NAME-seedS, ...
  std::string kind;               // seeds | generate | snli-lists | analyze | eval | eval-checkpoint | train | report
  std::string arm;                // the generation or training arm, where there is one
  long seed = -1;                 // the training seed of train and its eval
  std::string checkpoint;         // eval-checkpoint: last, best-stsb or best-stsb-sickr
  std::vector<std::string> args;  // after the program name
  std::vector<std::string> deps;  // ids of the stages whose outputs it reads
  std::vector<std::string> outputs;           // relative to the study folder: all exist once it is done
  std::vector<std::filesystem::path> inputs;  // files outside the study it reads (fingerprinted)
  // A stage that resumes by itself (generate) needs nothing; train resumes
  // with --resume once its state file exists.
  std::string resume_marker, resume_arg;
  nlohmann::json config;  // the study file's section it came from
  // What the stage reads from the study file rather than its command line
  // (the report: [[compare]]); part of its fingerprint where set.
  nlohmann::json settings;
};

struct StudyPlan {
  std::string name;
  std::filesystem::path file;  // the study file
  nlohmann::json spec;         // the study file as JSON, defaults filled in
  std::vector<Stage> stages;   // in dependency order
  const Stage* find(const std::string& id) const;
};

// Reads a .toml or .json study file: unknown keys, missing or mistyped fields
// and bad values are InputErrors naming the file, the line (TOML; JSON syntax
// errors) and the field. Relative paths are taken from the study file's folder;
// RANKSENT_DATA, when set, replaces `data`.
nlohmann::json read_study_file(const std::filesystem::path& file);

// The stages of a study file, each with its command.
StudyPlan plan_study(const std::filesystem::path& file);
// The same from a study already read (read_study_file; a study folder's
// study.json): what `ranksent report` walks.
StudyPlan plan_from_spec(const nlohmann::json& spec);

}  // namespace ranksent
