// SentEval transfer-task loaders (binary.py, sst.py, trec.py, mrpc.py).
#include <map>

#include "ranksent/error.h"
#include "ranksent/eval/text_files.h"
#include "ranksent/eval/transfer_data.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/io/tsv.h"

namespace ranksent::eval {

namespace fs = std::filesystem;

namespace {

// SentEval opens MR/CR/SUBJ/MPQA/TREC as latin-1. For UTF-8 (and ASCII) lines
// we keep the text; a line that is not UTF-8 is read as latin-1, which is
// what SentEval's decoding gives for it (TREC's train file has one).
std::string latin1_fallback(const std::string& line) {
  if (find_invalid_utf8(line) == std::string::npos) return line;
  std::string out;
  for (unsigned char c : line) {
    if (c < 0x80) {
      out.push_back(char(c));
    } else {
      out.push_back(char(0xc0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

// One sentence a line, all with the same label.
void add_lines(const fs::path& file, int label, TransferSplit& out) {
  for (auto& line : read_lines(file)) {
    out.a.push_back(whitespace_join(latin1_fallback(line)));
    out.y.push_back(label);
  }
}

TransferSplit load_sst(const fs::path& file) {
  TransferSplit s;
  auto lines = read_lines(file);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const long n = long(i + 1);
    check_utf8(lines[i], file, n);
    std::string line = whitespace_join(lines[i]).empty() ? std::string() : lines[i];
    if (line.empty()) throw InputError(file.string(), "empty line", n);
    // "<sentence>\t<label>"; SentEval strips the line before splitting.
    auto cols = split_tabs(line);
    while (cols.size() > 2 && whitespace_join(cols.back()).empty()) cols.pop_back();
    if (cols.size() != 2)
      throw InputError(file.string(), "expected sentence<TAB>label, found " + std::to_string(cols.size()) + " columns",
                       n);
    const std::string label = whitespace_join(cols[1]);
    if (label != "0" && label != "1")
      throw InputError(file.string(), "label '" + label + "' is not 0 or 1", n, "label");
    s.a.push_back(whitespace_join(cols[0]));
    s.y.push_back(label == "1");
  }
  return s;
}

TransferSplit load_trec(const fs::path& file) {
  static const std::map<std::string, int> classes{{"ABBR", 0}, {"DESC", 1}, {"ENTY", 2},
                                                  {"HUM", 3},  {"LOC", 4},  {"NUM", 5}};
  TransferSplit s;
  auto lines = read_lines(file);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const long n = long(i + 1);
    // "COARSE:fine question": the coarse class is the label, the fine one is dropped.
    std::string line = latin1_fallback(lines[i]);
    const auto colon = line.find(':');
    const auto space = line.find(' ', colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || space == std::string::npos)
      throw InputError(file.string(), "expected 'CLASS:fine question'", n);
    auto it = classes.find(whitespace_join(line.substr(0, colon)));
    if (it == classes.end())
      throw InputError(file.string(), "unknown class '" + line.substr(0, colon) + "'", n, "label");
    s.a.push_back(whitespace_join(line.substr(space + 1)));
    s.y.push_back(it->second);
  }
  return s;
}

TransferSplit load_mrpc(const fs::path& file) {
  TransferSplit s;
  auto lines = read_lines(file);
  for (std::size_t i = 1; i < lines.size(); ++i) {  // line 1 is the header
    const long n = long(i + 1);
    check_utf8(lines[i], file, n);
    // Quality, #1 ID, #2 ID, #1 String, #2 String
    auto cols = split_tabs(lines[i]);
    if (cols.size() != 5)
      throw InputError(file.string(), "expected 5 tab-separated columns, found " + std::to_string(cols.size()), n);
    const std::string label = whitespace_join(cols[0]);
    if (label != "0" && label != "1")
      throw InputError(file.string(), "quality '" + label + "' is not 0 or 1", n, "Quality");
    s.a.push_back(whitespace_join(cols[3]));
    s.b.push_back(whitespace_join(cols[4]));
    s.y.push_back(label == "1");
  }
  return s;
}

}  // namespace

const std::vector<std::string>& transfer_task_names() {
  static const std::vector<std::string> names{"MR", "CR", "SUBJ", "MPQA", "SST2", "TREC", "MRPC"};
  return names;
}

TransferTask load_transfer_task(const fs::path& root, const std::string& name) {
  const fs::path dir = root / name;
  TransferTask t;
  t.name = name;
  // SentEval's binary.py: label 1 for the first file, 0 for the second.
  static const std::map<std::string, std::pair<std::string, std::string>> binary{
      {"MR", {"rt-polarity.pos", "rt-polarity.neg"}},
      {"CR", {"custrev.pos", "custrev.neg"}},
      {"SUBJ", {"subj.objective", "subj.subjective"}},
      {"MPQA", {"mpqa.pos", "mpqa.neg"}},
  };
  if (auto it = binary.find(name); it != binary.end()) {
    require_dir(dir, name);
    t.protocol = TransferProtocol::CrossValidation;
    add_lines(dir / it->second.first, 1, t.train);
    add_lines(dir / it->second.second, 0, t.train);
  } else if (name == "SST2") {
    require_dir(dir, name);
    t.protocol = TransferProtocol::TrainDevTest;
    t.train = load_sst(dir / "sentiment-train");
    t.dev = load_sst(dir / "sentiment-dev");
    t.test = load_sst(dir / "sentiment-test");
  } else if (name == "TREC") {
    require_dir(dir, name);
    t.protocol = TransferProtocol::TrainTest;
    t.classes = 6;
    t.train = load_trec(dir / "train_5500.label");
    t.test = load_trec(dir / "TREC_10.label");
  } else if (name == "MRPC") {
    require_dir(dir, name);
    t.protocol = TransferProtocol::TrainTest;
    t.pairs = true;
    t.train = load_mrpc(dir / "msr_paraphrase_train.txt");
    t.test = load_mrpc(dir / "msr_paraphrase_test.txt");
  } else {
    throw std::invalid_argument("unknown transfer task: " + name);
  }
  return t;
}

}  // namespace ranksent::eval
