// docs/robustness.md, row by row: each bad input of the table through the
// program, checked for its exit status, the words of its message, and that
// it leaves no output behind (or, for the rows that are fine, that it works).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ranksent/models.h"
#include "support/environment.h"

namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

struct Row {
  int number;        // the row of docs/robustness.md
  std::string args;  // after `ranksent`; {D} is the scratch folder, {DATA} the shared data
  int exit_code;
  std::string says;                 // a piece of the message ("" = not checked)
  std::vector<std::string> absent;  // outputs that must not exist afterwards (relative to {D})
  std::vector<std::string> present = {};
};

std::string expand(std::string s, const fs::path& dir) {
  for (auto [key, value] :
       {std::pair<std::string, std::string>{"{D}", dir.string()}, {"{DATA}", ranksent::test::data_dir().string()}})
    for (std::size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), value);
  return s;
}

void write(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

// The inputs of the table (docs/robustness.md, "the inputs").
void make_inputs(const fs::path& d) {
  write(d / "s1.txt", "A man is playing a guitar.\n");
  write(d / "in.txt", "A dog runs.\nTwo cats sleep.\n");
  write(d / "nul_in.txt", std::string("A dog\0runs.\nTwo cats sleep.\n", 28));
  write(d / "seeds/bad8.txt", "A man is \xff playing.\n");
  write(d / "seeds/crlf.txt", "A man is playing a guitar.\r\n");
  write(d / "seeds/nan.jsonl", "{\"id\":NaN,\"sentence\":\"A dog runs.\"}\n");
  write(d / "seeds/huge.jsonl", "{\"id\":1e400,\"sentence\":\"A dog runs.\"}\n");
  write(d / "seeds/bigf.jsonl", "{\"id\":1.5e300,\"sentence\":\"A dog runs.\"}\n");
  write(d / "seeds/torn.jsonl", "{\"id\":1,\"sentence\":\"A dog runs.\"}\n{\"id\":2,\"sente");
  const std::string a = R"({"id":1,"sentences":["A dog runs.","A dog is running.","A dog walks.","A cat sleeps."]})";
  const std::string b = R"({"id":2,"sentences":["A man sings.","A man is singing.","A man hums.","A car stops."]})";
  write(d / "lists/good.jsonl", a + "\n" + b + "\n");
  write(d / "lists/blank.jsonl", a + "\n\n" + b + "\n");
  write(d / "lists/ws.jsonl", a + "\n   \t\n" + b + "\n");
  write(d / "lists/nul.jsonl",
        a + "\n" + std::string(R"({"id":2,"sentences":["A man)") + '\0' + R"(sings.","b","c","d"]})" + "\n");
  write(d / "lists/bad8.jsonl", a + "\n" + "{\"id\":2,\"sentences\":[\"A man \xff sings.\",\"b\",\"c\",\"d\"]}\n");
  write(d / "lists/dup.jsonl", a + "\n" + a + "\n");
  write(d / "lists/empty.jsonl", "");
  std::string words;
  for (int i = 0; i < 20000; ++i) words += "word ";
  write(d / "lists/long.jsonl", a + "\n" + R"({"id":2,"sentences":[")" + words + R"(","b","c","d"]})" + "\n");
  write(d / "lists/nulesc.jsonl", a + "\n" + R"({"id":2,"sentences":["A man\u0000sings.","b","c","d"]})" + "\n");
  write(d / "lists/crlf.jsonl", a + "\r\n" + b + "\r\n");
  write(d / "seeds/long.txt", words + "\n");
  {  // The default GGUF cut at 50 MB: metadata whole, tensors cut.
    std::ifstream in(ranksent::default_llm().path, std::ios::binary);
    std::string head(50000000, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    write(d / "cut50m.gguf", head);
  }
  write(d / "shard0.jsonl", a + "\n");
  // An STS12 root of 20 lines a file, then broken copies.
  const fs::path sts = ranksent::test::data_dir() / "STS12";
  for (const auto& e : fs::directory_iterator(sts)) {
    std::ifstream in(e.path());
    std::string line, text;
    for (int i = 0; i < 20 && std::getline(in, line); ++i) text += line + "\n";
    for (const char* root : {"d_missin", "d_nan", "d_huge", "d_b8"})
      write(d / root / "STS12" / e.path().filename(), text);
  }
  fs::remove(d / "d_missin/STS12/STS.input.MSRpar.txt");
  auto break_line5 = [&](const fs::path& p, const std::string& value) {
    std::ifstream in(p);
    std::string line, text;
    for (int i = 1; std::getline(in, line); ++i) text += (i == 5 ? value : line) + "\n";
    write(p, text);
  };
  break_line5(d / "d_nan/STS12/STS.gs.SMTeuroparl.txt", "nan");
  break_line5(d / "d_huge/STS12/STS.gs.SMTeuroparl.txt", "1e400");
  {
    std::ifstream in(d / "d_b8/STS12/STS.input.MSRvid.txt");
    std::string rest((std::istreambuf_iterator<char>(in)), {});
    write(d / "d_b8/STS12/STS.input.MSRvid.txt",
          "A man \xff plays.\tA man plays.\n" + rest.substr(rest.find('\n') + 1));
  }
}

const std::string G = " --steps 2 --threads 1 --max-new-tokens 24 --parallel 1 --limit 1 --quiet";
const std::string T = " --data {DATA} --threads 1 --quiet";

std::vector<Row> rows() {
  std::vector<Row> r = {
      {11, "encode --input {D}/nul_in.txt --output {D}/nul.npy", 0, "wrote 2 embeddings", {}, {"nul.npy"}},
      {13, "encode --input {D}/nope.txt --output {D}/nope.npy", 2, "nope.txt", {"nope.npy"}},
      // llama.cpp's reason inside ranksent's one line, not its log lines before it.
      {22,
       "generate --model {D}/cut50m.gguf --seeds {D}/s1.txt --output {D}/g2.jsonl" + G,
       2,
       "ranksent: error: {D}/cut50m.gguf: llama.cpp could not load this GGUF model: tensor",
       {"g2.jsonl"}},
      {31,
       "generate --model smollm2-135m --seeds {D}/seeds/bad8.txt --output {D}/o_bad8.jsonl" + G,
       2,
       "bad8.txt:1: invalid UTF-8",
       {"o_bad8.jsonl"}},
      {32,
       "generate --model smollm2-135m --seeds {D}/seeds/crlf.txt --output {D}/o_crlf.jsonl" + G,
       0,
       "",
       {},
       {"o_crlf.jsonl"}},
      {34,
       "generate --model smollm2-135m --seeds {D}/seeds/nan.jsonl --output {D}/o_nan.jsonl" + G,
       2,
       "nan.jsonl:1: not JSON",
       {"o_nan.jsonl"}},
      {35,
       "generate --model smollm2-135m --seeds {D}/seeds/huge.jsonl --output {D}/o_huge.jsonl" + G,
       2,
       "huge.jsonl:1: not JSON",
       {"o_huge.jsonl"}},
      {36,
       "generate --model smollm2-135m --seeds {D}/seeds/bigf.jsonl --output {D}/o_bigf.jsonl" + G,
       2,
       "field 'id'",
       {"o_bigf.jsonl"}},
      {37,
       "generate --model smollm2-135m --seeds {D}/seeds/torn.jsonl --output {D}/o_torn.jsonl" + G,
       2,
       "torn.jsonl:2: not JSON",
       {"o_torn.jsonl"}},
      {38,
       "generate --model smollm2-135m --seeds {D}/seeds/nope.txt --output {D}/o_nope.jsonl" + G,
       2,
       "nope.txt",
       {"o_nope.jsonl"}},
      // A full disk while appending: a torn line is left, and the next run cuts it off.
      {43,
       "generate --model smollm2-135m --seeds {D}/seeds/long.txt --output {D}/full/g.jsonl" + G,
       1,
       "File too large",
       {},
       {"full/g.jsonl"}},
      {43,
       "generate --model smollm2-135m --seeds {D}/seeds/long.txt --output {D}/full/g.jsonl" + G,
       0,
       "discarded a torn last line",
       {},
       {"full/g.jsonl"}},
      {44,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/o44.jsonl --limit 1 --steps 0",
       2,
       "--steps",
       {"o44.jsonl"}},
      {45,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/o45.jsonl --limit 1 --parallel 0",
       2,
       "--parallel",
       {"o45.jsonl"}},
      {47,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/o47.jsonl --limit 1 --temperature -1",
       2,
       "--temperature",
       {"o47.jsonl"}},
      {48,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/o48.jsonl --limit 1 --max-new-tokens 0",
       2,
       "--max-new-tokens",
       {"o48.jsonl"}},
      {49,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/o49.jsonl --limit 1 --lambda -1",
       2,
       "--lambda must be a number >= 0",
       {"o49.jsonl"}},
      {52, "generate --model smollm2-135m --seeds {D}/s1.txt --output /proc/x.jsonl" + G, 2, "/proc/x.jsonl", {}},
      {53,
       "generate --model smollm2-135m --seeds {D}/s1.txt --output {D}/nodir/x.jsonl" + G,
       0,
       "",
       {},
       {"nodir/x.jsonl"}},
      {55, "analyze {D}/lists/blank.jsonl --quiet --output {D}/an_blank", 0, "", {}, {"an_blank/analysis.json"}},
      {56, "analyze {D}/lists/ws.jsonl --quiet --output {D}/an_ws", 0, "", {}, {"an_ws/analysis.json"}},
      {57, "analyze {D}/lists/long.jsonl --quiet --output {D}/an_long", 0, "", {}, {"an_long/analysis.json"}},
      {57,
       "generate --strategy shuffle --lists {D}/lists/long.jsonl --output {D}/sh_long.jsonl --quiet",
       0,
       "",
       {},
       {"sh_long.jsonl"}},
      {59, "analyze {D}/lists/nulesc.jsonl --quiet --output {D}/an_nulesc", 0, "", {}, {"an_nulesc/analysis.json"}},
      {61, "analyze {D}/lists/crlf.jsonl --quiet --output {D}/an_crlf", 0, "", {}, {"an_crlf/analysis.json"}},
      {61,
       "generate --strategy shuffle --lists {D}/lists/crlf.jsonl --output {D}/sh_crlf.jsonl --quiet",
       0,
       "",
       {},
       {"sh_crlf.jsonl"}},
      {67, "analyze {D}/lists/nope.jsonl --quiet", 2, "nope.jsonl", {}},
      {67,
       "train --lists {D}/lists/nope.jsonl --output {D}/tr_nope" + T,
       2,
       "nope.jsonl",
       {"tr_nope", "tr_nope.train"}},
      {69, "analyze {D}/lists/good.jsonl --output {D}/in.txt/an --quiet", 2, "in.txt", {}},
      {70, "analyze {D}/lists/good.jsonl --output /proc/an --quiet", 2, "/proc/an", {}},
      {71, "merge-lists --output {D}/shard0.jsonl {D}/shard0.jsonl", 2, "is one of the shards", {}},
      {73,
       "train --lists {D}/lists/good.jsonl --output {D}/tr_opt --fraction 0" + T,
       2,
       "--fraction",
       {"tr_opt", "tr_opt.train"}},
      {74,
       "train --lists {D}/lists/good.jsonl --output {D}/tr_opt --pooling foo" + T,
       2,
       "--pooling",
       {"tr_opt", "tr_opt.train"}},
      {75,
       "train --lists {D}/lists/good.jsonl --output {D}/tr_opt --epochs 0" + T,
       2,
       "--epochs",
       {"tr_opt", "tr_opt.train"}},
      {75,
       "train --lists {D}/lists/good.jsonl --output {D}/tr_opt --omega nan" + T,
       2,
       "--omega must be a number >= 0",  // the library's OptionError (loss.omega), named by its flag
       {"tr_opt", "tr_opt.train"}},
      {75,
       "train --lists {D}/lists/good.jsonl --output {D}/tr_opt --dtype float16" + T,
       2,
       "training in float16 needs loss scaling",
       {"tr_opt", "tr_opt.train"}},
      {77, "train --lists {D}/lists/good.jsonl --output {D}/in.txt/ck" + T, 2, "in.txt", {}},
      {80, "snli-lists --data {DATA} --output {D}/sn2.jsonl --count 0", 2, "--count", {"sn2.jsonl"}},
      {80, "snli-lists --data {DATA} --output {D}/sn2.jsonl --length 1", 2, "--length", {"sn2.jsonl"}},
      {83, "eval --quiet --data {D}/d_missin --tasks STS12 --output {D}/ev_missin.json", 2, "STS.input.MSRpar.txt", {}},
      {86,
       "eval --quiet --data {D}/d_nan --tasks STS12 --output {D}/ev_nan.json",
       2,
       "STS.gs.SMTeuroparl.txt:5: field 'score'",
       {}},
      {87,
       "eval --quiet --data {D}/d_huge --tasks STS12 --output {D}/ev_huge.json",
       2,
       "STS.gs.SMTeuroparl.txt:5: field 'score'",
       {}},
      {88,
       "eval --quiet --data {D}/d_b8 --tasks STS12 --output {D}/ev_b8.json",
       2,
       "STS.input.MSRvid.txt:1: invalid UTF-8",
       {}},
      {90, "eval --quiet --data {D}/d_nan --tasks STS12 --output {D}/in.txt/x.json", 2, "in.txt", {}},
  };
  // Rows 54, 58, 60, 62: the same broken lists file through analyze, shuffle and train.
  for (auto [number, file, says] :
       {std::tuple{54, "empty", "lists/empty.jsonl: no "}, std::tuple{58, "nul", "lists/nul.jsonl:2: not JSON"},
        std::tuple{60, "bad8", "lists/bad8.jsonl:2: invalid UTF-8"}, std::tuple{62, "dup", "duplicate id 1"}}) {
    const std::string f = std::string("{D}/lists/") + file + ".jsonl", o = std::string("o_") + file;
    r.push_back({number, "analyze " + f + " --quiet --output {D}/an_" + o, 2, says, {"an_" + o}});
    r.push_back({number,
                 "generate --strategy shuffle --lists " + f + " --output {D}/sh_" + o + ".jsonl --quiet",
                 2,
                 says,
                 {"sh_" + o + ".jsonl"}});
    r.push_back(
        {number, "train --lists " + f + " --output {D}/tr_" + o + T, 2, says, {"tr_" + o, "tr_" + o + ".train"}});
  }
  return r;
}

}  // namespace

TEST(BadInputs, EveryRowOfTheTableBehavesAsDocumented) {
  const fs::path dir = ranksent::test::scratch_dir("bad-inputs");
  make_inputs(dir);
  for (const Row& row : rows()) {
    const std::string args = expand(row.args, dir);
    // Row 43's first run writes under a 1 KiB file-size limit (a full disk).
    const std::string limit = row.number == 43 && row.exit_code == 1 ? "ulimit -f 1; " : "";
    const auto r = ranksent::test::run_command("cd " + q(dir) + " && (" + limit + q(ranksent::test::cli_path()) + " " +
                                               args + ") 2>&1");
    SCOPED_TRACE("row " + std::to_string(row.number) + ": ranksent " + args + "\n" + r.output);
    EXPECT_EQ(r.exit_code, row.exit_code);
    if (!row.says.empty()) {
      EXPECT_NE(r.output.find(expand(row.says, dir)), std::string::npos);
    }
    for (const auto& p : row.absent) EXPECT_FALSE(fs::exists(dir / p)) << p;
    for (const auto& p : row.present) EXPECT_TRUE(fs::exists(dir / p)) << p;
  }
}
