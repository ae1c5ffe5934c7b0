// Bad input through the program: a clear message naming the file and the
// reason, exit status 2, no crash.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "ranksent/io/safetensors.h"
#include "ranksent/models.h"
#include "support/environment.h"

using namespace ranksent;

namespace {
test::CommandResult cli(const std::string& args) {
  return test::run_command("'" + test::cli_path().string() + "' " + args);
}
}  // namespace

TEST(Cli, NonGgufFileAsLlm) {
  auto dir = test::scratch_dir("cli");
  std::ofstream(dir / "notes.gguf") << "this is plain text, not a model\n";
  auto r = cli("complete --model '" + (dir / "notes.gguf").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("notes.gguf"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("magic bytes 'GGUF'"), std::string::npos) << r.output;
}

TEST(Cli, MissingLlmFile) {
  auto r = cli("complete --model /nonexistent/model.gguf");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/nonexistent/model.gguf"), std::string::npos) << r.output;
}

TEST(Cli, TruncatedGgufIsRejected) {
  auto dir = test::scratch_dir("cli");
  std::ifstream in(default_llm().path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  std::ofstream(dir / "cut.gguf", std::ios::binary) << head;
  auto r = cli("complete --model '" + (dir / "cut.gguf").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("cut.gguf"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("end of file"), std::string::npos) << r.output;
}

TEST(Cli, TruncatedSafetensors) {
  auto dir = test::scratch_dir("cli");
  std::ifstream in(default_encoder().path / "model.safetensors", std::ios::binary);
  std::string head(1 << 20, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  std::ofstream(dir / "model.safetensors", std::ios::binary) << head;
  auto r = cli("inspect '" + (dir / "model.safetensors").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("model.safetensors"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("truncated"), std::string::npos) << r.output;
}

TEST(Cli, HeaderOffsetPastTheEnd) {
  auto dir = test::scratch_dir("cli");
  std::string header = R"({"w":{"dtype":"F32","shape":[64],"data_offsets":[0,256]}})";
  std::string bytes(8, '\0');
  std::uint64_t n = header.size();
  std::memcpy(bytes.data(), &n, 8);
  bytes += header + std::string(16, '\0');
  std::ofstream(dir / "bad.safetensors", std::ios::binary) << bytes;
  auto r = cli("inspect '" + (dir / "bad.safetensors").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("field 'w'"), std::string::npos) << r.output;
}

TEST(Cli, GoodFilesInspect) {
  auto r = cli("inspect '" + (default_encoder().path / "model.safetensors").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("embeddings.word_embeddings.weight F32 [30522, 384]"), std::string::npos) << r.output;
  r = cli("inspect '" + default_llm().path.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("general.architecture = \"llama\""), std::string::npos) << r.output;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  auto r = cli("complete --no-such-flag");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}
