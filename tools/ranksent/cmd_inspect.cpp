// `ranksent inspect FILE`: what a model file holds. GGUF files show their
// metadata, safetensors files their tensors; both are fully validated.
#include <fstream>

#include <fmt/core.h>

#include "commands.h"
#include "ranksent/error.h"
#include "ranksent/io/gguf_metadata.h"
#include "ranksent/io/safetensors.h"

namespace ranksent::cli {

namespace {
bool starts_with_gguf_magic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string(magic, 4) == "GGUF";
}

void print_gguf(const std::string& path) {
  auto meta = read_gguf_metadata(path);
  fmt::print("GGUF v{}, {} tensors, {} metadata keys\n", meta.version, meta.tensor_count, meta.values.size());
  for (const auto& [key, value] : meta.values) {
    std::string shown =
        value.is_object() ? fmt::format("array[{}]", value["length"].get<std::uint64_t>()) : value.dump();
    if (shown.size() > 120) shown = shown.substr(0, 117) + "...";
    fmt::print("  {} = {}\n", key, shown);
  }
}

void print_safetensors(const std::string& path) {
  auto file = SafetensorsFile::open(path);
  fmt::print("safetensors, {} tensors\n", file.tensors().size());
  for (const auto& t : file.tensors()) {
    std::string shape;
    for (std::size_t i = 0; i < t.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape[i]);
    fmt::print("  {} {} [{}]\n", t.name, dtype_name(t.dtype), shape);
  }
}
}  // namespace

void add_inspect_command(CLI::App& app) {
  static std::string path;
  auto* cmd = app.add_subcommand("inspect", "Show the metadata of a GGUF file or the tensors of a safetensors file");
  cmd->add_option("file", path, "GGUF or safetensors file")->required();
  cmd->callback([] {
    if (!std::ifstream(path)) throw InputError(path, "cannot open file");
    if (starts_with_gguf_magic(path))
      print_gguf(path);
    else
      print_safetensors(path);
  });
}

}  // namespace ranksent::cli
