// The STS tasks of the paper's Table 1 in SentEval's layouts (STS12-16,
// STS-B, SICK-R). Sentences are whitespace-joined as SentEval's loaders do;
// an absent task folder throws TaskMissing.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/eval/text_files.h"

namespace ranksent::eval {

struct StsSubset {
  std::string name;
  std::vector<std::string> a, b;
  std::vector<double> gold;
};
struct StsTask {
  std::string name;
  std::vector<StsSubset> subsets;  // STS12-16: SentEval's sub-datasets; STS-B/SICK: one split
  bool pooled = false;             // STS12-16: the "all" setting pools the subsets
};

// STS12 .. STS16, STSBenchmark, SICKRelatedness: the seven of the paper's Table 1.
const std::vector<std::string>& sts_task_names();
// SentEval's sub-dataset names of one year (STS13 without the LDC-only SMT).
const std::vector<std::string>& sts_year_subsets(const std::string& year);
// `<root>/<year>/STS.input.<name>.txt` + `STS.gs.<name>.txt`; pairs with an
// empty gold score are dropped, as SentEval does.
StsTask load_sts_year(const std::filesystem::path& root, const std::string& year);
// `<root>/STSBenchmark/sts-<split>.csv` (7 tab columns, score in the 5th).
StsTask load_sts_benchmark(const std::filesystem::path& root, const std::string& split = "test");
// `<root>/SICK/SICK_<split>.txt` (header line; split "test" = test_annotated).
StsTask load_sick_relatedness(const std::filesystem::path& root, const std::string& split = "test");
// Any of sts_task_names() (test split for STS-B and SICK-R).
StsTask load_sts_task(const std::filesystem::path& root, const std::string& name);

}  // namespace ranksent::eval
