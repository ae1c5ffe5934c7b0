// The SentEval transfer tasks of the paper's Table 7 (MR, CR, SUBJ, MPQA,
// SST2, TREC, MRPC) in SentEval's layouts.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ranksent/eval/text_files.h"

namespace ranksent::eval {

enum class TransferProtocol {
  CrossValidation,  // MR, CR, SUBJ, MPQA: k-fold with inner k-fold for the penalty
  TrainTest,        // TREC, MRPC: k-fold on train for the penalty, then test
  TrainDevTest,     // SST2: penalty on dev, then test
};
struct TransferSplit {
  std::vector<std::string> a, b;  // b only for sentence-pair tasks (MRPC)
  std::vector<int> y;
};
struct TransferTask {
  std::string name;
  int classes = 2;
  TransferProtocol protocol = TransferProtocol::CrossValidation;
  bool pairs = false;
  TransferSplit train, dev, test;  // CrossValidation: everything in train
};
// MR, CR, SUBJ, MPQA, SST2, TREC, MRPC: the paper's Table 7.
const std::vector<std::string>& transfer_task_names();
TransferTask load_transfer_task(const std::filesystem::path& root, const std::string& name);

}  // namespace ranksent::eval
