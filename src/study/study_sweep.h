// A [[sweep]] of a study file (docs/study.md): training arms that differ in
// one setting, which the report draws as the STS average against that
// setting, the paper's Fig. 3 (omega of Eq. 7; the share of the lists).
// Checked when the study is read, so that a report never places an arm at a
// value it did not train with.
#pragma once
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "study_fields.h"

namespace ranksent::study {

// One [[sweep]] table, normalised; `train` holds the study's training arms as
// read (name, seeds, options). `names` are the sweeps' names so far.
nlohmann::json sweep_table(Fields& f, const nlohmann::json& train, std::set<std::string>& names);

}  // namespace ranksent::study
