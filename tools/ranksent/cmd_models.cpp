// `ranksent models`: the model tiers, their paths, sizes and hashes. A
// missing default model is an error; a missing optional tier says how to
// install it.
#include <filesystem>

#include <fmt/core.h>

#include "commands.h"
#include "ranksent/common/sha256.h"
#include "ranksent/models.h"

namespace ranksent::cli {

void add_models_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("models", "List the model tiers with paths, sizes and sha256 (checked)");
  static bool skip_hash = false;
  cmd->add_flag("--no-hash", skip_hash, "Do not recompute the sha256 of the files");
  cmd->callback([] {
    bool all_ok = true;
    for (const auto& m : default_models()) {
      const bool optional = !m.installed_by_default;
      fmt::print("{} {}{}\n  name:    {}\n  package: {}\n  path:    {}\n", m.role, m.tier,
                 optional ? " (optional tier)" : " (default)", m.name, m.package, m.path.string());
      if (optional && !std::filesystem::exists(m.path)) {
        fmt::print("  not installed: {}\n", install_command(m));
        continue;
      }
      for (const auto& f : m.files) {
        auto p = f.relative_path.empty() ? m.path : m.path / f.relative_path;
        std::string label = f.relative_path.empty() ? p.filename().string() : f.relative_path;
        if (!std::filesystem::exists(p)) {
          if (optional) {
            fmt::print("  {}: not installed: {}\n", label, install_command(m));
            continue;
          }
          fmt::print("  {}: MISSING (run {})\n", label, install_command(m));
          all_ok = false;
          continue;
        }
        double mib = double(std::filesystem::file_size(p)) / (1024.0 * 1024.0);
        std::string status = "not checked";
        if (!skip_hash) {
          bool ok = sha256_file(p) == f.sha256;
          all_ok = all_ok && ok;
          status = ok ? "ok" : "MISMATCH";
        }
        fmt::print("  {}: {:.1f} MiB, sha256 {} [{}]\n", label, mib, f.sha256, status);
      }
    }
    if (!all_ok) throw std::runtime_error("a default model is missing or differs from its recorded hash");
  });
}

}  // namespace ranksent::cli
