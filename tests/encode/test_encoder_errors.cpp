// Bad model directories and bad input files: InputError naming the file and
// field, exit status 2 from the CLI, and no partial output.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/io/npy.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

// A copy of the default model directory whose weights are a symlink.
fs::path model_copy(const std::string& name) {
  auto dir = test::scratch_dir(name) / "model";
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(default_encoder().path)) {
    if (e.path().filename() == "model.safetensors")
      fs::create_symlink(e.path(), dir / "model.safetensors");
    else
      fs::copy(e.path(), dir / e.path().filename(), fs::copy_options::recursive);
  }
  return dir;
}

void edit_config(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j;
  std::ifstream(dir / "config.json") >> j;
  edit(j);
  std::ofstream(dir / "config.json") << j.dump(2);
}

std::string load_error(const fs::path& dir) {
  try {
    Encoder::load(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(loaded without error)";
}

test::CommandResult cli(const std::string& args) {
  return test::run_command("'" + test::cli_path().string() + "' " + args);
}

}  // namespace

TEST(EncoderErrors, MissingDirectory) {
  EXPECT_NE(load_error("/nonexistent/model").find("model directory not found"), std::string::npos);
}

TEST(EncoderErrors, MalformedConfig) {
  auto dir = model_copy("cfg");
  std::ofstream(dir / "config.json") << "{ \"model_type\": \"bert\", ";
  auto err = load_error(dir);
  EXPECT_NE(err.find("config.json"), std::string::npos) << err;
  EXPECT_NE(err.find("not valid JSON"), std::string::npos) << err;
}

TEST(EncoderErrors, MissingConfigField) {
  auto dir = model_copy("field");
  edit_config(dir, [](auto& j) { j.erase("num_attention_heads"); });
  auto err = load_error(dir);
  EXPECT_NE(err.find("field 'num_attention_heads'"), std::string::npos) << err;
}

TEST(EncoderErrors, UnsupportedArchitecture) {
  auto dir = model_copy("arch");
  edit_config(dir, [](auto& j) { j["model_type"] = "gpt2"; });
  auto err = load_error(dir);
  EXPECT_NE(err.find("unsupported architecture 'gpt2'"), std::string::npos) << err;
  EXPECT_NE(err.find("field 'model_type'"), std::string::npos) << err;
}

TEST(EncoderErrors, TensorShapeContradictsConfig) {
  auto dir = model_copy("shape");
  edit_config(dir, [](auto& j) { j["intermediate_size"] = 1000; });
  auto err = load_error(dir);
  EXPECT_NE(err.find("model.safetensors"), std::string::npos) << err;
  EXPECT_NE(err.find("field 'encoder.layer.0.intermediate.dense.weight'"), std::string::npos) << err;
  EXPECT_NE(err.find("contradicts config.json"), std::string::npos) << err;
}

TEST(EncoderErrors, MissingWeightsAndTokenizer) {
  auto dir = model_copy("weights");
  fs::remove(dir / "model.safetensors");
  EXPECT_NE(load_error(dir).find("no model weights found"), std::string::npos);
  auto dir2 = model_copy("tok");
  fs::remove(dir2 / "tokenizer.json");
  fs::remove(dir2 / "vocab.txt");
  auto err = load_error(dir2);
  EXPECT_NE(err.find("vocab.txt"), std::string::npos) << err;
}

TEST(EncodeCli, InvalidUtf8IsReportedWithItsLine) {
  auto dir = test::scratch_dir("utf8");
  std::ofstream(dir / "in.txt", std::ios::binary) << "A good line.\nAnother good line.\nBad \xff\xfe bytes here.\n";
  auto out = dir / "out.npy";
  auto r = cli("encode --input '" + (dir / "in.txt").string() + "' --output '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("in.txt:3:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("invalid UTF-8"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos);

  r = cli("encode --replace-invalid-utf8 --input '" + (dir / "in.txt").string() + "' --output '" + out.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto m = read_npy(out);
  EXPECT_EQ(m.rows, 3);
  EXPECT_EQ(m.cols, 384);
}

TEST(EncodeCli, JsonlFieldAndOutputFormats) {
  auto dir = test::scratch_dir("jsonl");
  std::ofstream(dir / "in.jsonl") << R"({"text": "A dog runs."})" << "\n" << R"({"sentence": "no text field"})" << "\n";
  auto r = cli("encode --field text --input '" + (dir / "in.jsonl").string() + "' --output '" +
               (dir / "e.npy").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("in.jsonl:2: field 'text'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "e.npy"));

  r = cli("encode --input '" + (dir / "in.jsonl").string() + "' --output '" + (dir / "e.csv").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;

  r = cli("encode --field sentence --input '" + (dir / "in.jsonl").string() + "' --output '" +
          (dir / "e.npy").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;  // line 1 lacks "sentence"
  EXPECT_NE(r.output.find("in.jsonl:1: field 'sentence'"), std::string::npos) << r.output;
}

TEST(EncodeCli, BadModelDirectoryExitsWithTwo) {
  auto dir = model_copy("clishape");
  edit_config(dir, [](auto& j) { j["hidden_size"] = 100; });
  std::ofstream(dir.parent_path() / "in.txt") << "hello\n";
  auto r = cli("encode --model '" + dir.string() + "' --input '" + (dir.parent_path() / "in.txt").string() +
               "' --output '" + (dir.parent_path() / "e.npy").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("hidden_size"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir.parent_path() / "e.npy"));
}

TEST(EncodeCli, EmptyInputIsAnErrorAndOutputsGetTheUsualMode) {
  auto dir = test::scratch_dir("empty");
  std::ofstream(dir / "empty.txt").flush();  // 0 lines (a blank line is a sentence: rows match lines)
  auto r = cli("encode --input '" + (dir / "empty.txt").string() + "' --output '" + (dir / "e.npy").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("empty.txt: no sentences"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "e.npy"));

  // The input named as the output: refused, the input intact.
  std::ofstream(dir / "in.npy") << "A dog runs.\n";
  r = cli("encode --input '" + (dir / "in.npy").string() + "' --output '" + (dir / "in.npy").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("is the input file"), std::string::npos) << r.output;
  EXPECT_EQ(fs::file_size(dir / "in.npy"), 12u);

  std::ofstream(dir / "one.txt") << "A dog runs.\n";
  // An output that cannot be written is found before any sentence is embedded.
  r = cli("encode --input '" + (dir / "one.txt").string() + "' --output '" + (dir / "one.txt" / "e.npy").string() +
          "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output.find("sentences/s"), std::string::npos) << r.output;
  r = cli("encode --input '" + (dir / "one.txt").string() + "' --output '" + (dir / "e.npy").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Written under the test's umask (022 unless the caller set another).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(fs::status(dir / "e.npy").permissions(), fs::perms(0666 & ~mask));
}
