// The STS and SentEval transfer loaders. The input's first line names the
// task (STS12 .. STS16, STSBenchmark, SICKRelatedness, MR, CR, SUBJ, MPQA,
// SST2, TREC, MRPC); the rest, cut at each NUL byte, is the task's files in
// the order listed in files_of() below, written into a fresh data folder (a
// file without its part of the input is empty). Then the real loader reads
// the folder. Expected: InputError (and TaskMissing, std::invalid_argument).
// A task that loads must be consistent (as many scores or labels as pairs,
// every score finite).
#include <cmath>

#include "fuzz_support.h"
#include "ranksent/error.h"
#include "ranksent/eval/sts_data.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/eval/transfer_data.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

// The files the loader of `task` reads, relative to the data folder.
std::vector<std::string> files_of(const std::string& task) {
  if (task.size() == 5 && task.starts_with("STS1") && task[4] >= '2' && task[4] <= '6') {
    std::vector<std::string> files;
    for (const auto& name : eval::sts_year_subsets(task)) {
      files.push_back(task + "/STS.input." + name + ".txt");
      files.push_back(task + "/STS.gs." + name + ".txt");
    }
    return files;
  }
  if (task == "STSBenchmark") return {"STSBenchmark/sts-test.csv"};
  if (task == "SICKRelatedness") return {"SICK/SICK_test_annotated.txt"};
  if (task == "MR") return {"MR/rt-polarity.pos", "MR/rt-polarity.neg"};
  if (task == "CR") return {"CR/custrev.pos", "CR/custrev.neg"};
  if (task == "SUBJ") return {"SUBJ/subj.objective", "SUBJ/subj.subjective"};
  if (task == "MPQA") return {"MPQA/mpqa.pos", "MPQA/mpqa.neg"};
  if (task == "SST2") return {"SST2/sentiment-train", "SST2/sentiment-dev", "SST2/sentiment-test"};
  if (task == "TREC") return {"TREC/train_5500.label", "TREC/TREC_10.label"};
  if (task == "MRPC") return {"MRPC/msr_paraphrase_train.txt", "MRPC/msr_paraphrase_test.txt"};
  return {};
}

bool is_sts(const std::string& task) {
  for (const auto& t : eval::sts_task_names())
    if (t == task) return true;
  return false;
}

void check_split(const eval::TransferSplit& s, bool pairs, int classes) {
  if (s.y.size() != s.a.size() || (pairs && s.b.size() != s.a.size()))
    fuzz::violated("a transfer split has different numbers of sentences and labels");
  for (int y : s.y)
    if (y < 0 || y >= classes) fuzz::violated("a transfer label out of range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const std::size_t eol = input.find('\n');
  if (eol == std::string_view::npos) return 0;
  const std::string task(input.substr(0, eol));
  const auto files = files_of(task);
  if (files.empty()) return 0;
  const auto root = fuzz::fresh_dir("data");
  const auto parts = fuzz::split_nul(input.substr(eol + 1));
  for (std::size_t i = 0; i < files.size(); ++i) {
    fs::create_directories((root / files[i]).parent_path());
    fuzz::write_file(root / files[i], i < parts.size() ? parts[i] : std::string_view());
  }
  try {
    if (is_sts(task)) {
      const eval::StsTask t = eval::load_sts_task(root, task);
      for (const auto& s : t.subsets) {
        if (s.a.size() != s.gold.size() || s.b.size() != s.gold.size())
          fuzz::violated("an STS subset has different numbers of pairs and scores");
        for (double g : s.gold)
          if (!std::isfinite(g)) fuzz::violated("an STS score is not finite");
      }
    } else {
      const eval::TransferTask t = eval::load_transfer_task(root, task);
      check_split(t.train, t.pairs, t.classes);
      check_split(t.dev, t.pairs, t.classes);
      check_split(t.test, t.pairs, t.classes);
    }
  } catch (const InputError&) {
  } catch (const eval::TaskMissing&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
