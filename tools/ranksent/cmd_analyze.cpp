// `ranksent analyze`: list quality with an encoder (list_analysis.h):
// monotonicity per list and per file, kept share by rule, the Fig. 1
// heatmaps, and a Table 5 case study; several files side by side.
#include <fmt/core.h>

#include "commands.h"
#include "ranksent/encode/encoder.h"
#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/models.h"
#include "ranksent/report/heatmap.h"
#include "ranksent/report/list_analysis.h"

namespace ranksent::cli {

namespace {

struct Args {
  std::vector<std::string> files;
  std::string model = default_encoder().path.string(), output, case_id;
  std::size_t heatmap_positions = 16;
  bool include_rejected = false, quiet = false, same_seeds = false;
};

void run(const Args& a) {
  std::vector<std::vector<RankingList>> records;  // each file read once, before anything is written
  for (const auto& f : a.files) {
    records.push_back(read_lists_file(f));
    if (records.back().empty()) throw InputError(f, "no lists to analyze (the file is empty)");
  }
  if (!a.output.empty()) check_writable(std::filesystem::path(a.output) / "analysis.json");
  const Encoder encoder = Encoder::load(resolve_encoder(a.model));
  EncodeOptions eo;
  eo.show_progress = !a.quiet;
  const EmbedFn embed = [&](const std::vector<std::string>& sentences, std::size_t& dim) {
    dim = std::size_t(encoder.dim());
    return encoder.encode(sentences, eo);
  };
  AnalyzeOptions ao;
  ao.heatmap_positions = a.heatmap_positions;
  ao.include_rejected = a.include_rejected;
  std::string scope;
  if (a.same_seeds) {
    ao.only_ids = ids_kept_in_all(records);
    scope = fmt::format("Scores over the {} seeds whose list every file kept (--same-seeds).\n\n", ao.only_ids->size());
  }
  std::vector<FileAnalysis> files;
  for (std::size_t i = 0; i < a.files.size(); ++i) files.push_back(analyze_lists(a.files[i], records[i], embed, ao));

  const std::string table = scope + analysis_table(files);
  fmt::print("{}", table);
  std::string case_text;
  if (!a.case_id.empty()) {
    // An id is a JSON value in the records: 7 or "snli-7".
    std::string id = a.case_id;
    if (id.find_first_not_of("0123456789") != std::string::npos && id.front() != '"') id = nlohmann::json(id).dump();
    case_text = case_study(files, id);
    fmt::print("\n{}", case_text);
  }
  if (a.output.empty()) return;
  const std::filesystem::path out = a.output;
  std::filesystem::create_directories(out);
  nlohmann::json j = nlohmann::json::array();
  std::string md = "# List analysis\n\nEncoder: " + a.model + "\n\n" + table;
  for (const auto& f : files) {
    j.push_back(f.to_json());
    if (f.heatmap.empty()) continue;
    const std::string stem = std::filesystem::path(f.label).stem().string();
    draw_heatmap(f.heatmap,
                 fmt::format("{}: mean cosine of positions 1-{} ({} lists)", stem, f.heatmap.size(), f.scored),
                 out / ("heatmap-" + stem + ".png"), out / ("heatmap-" + stem + ".svg"));
    md += fmt::format("\n![{}](heatmap-{}.png)\n", stem, stem);
  }
  if (!case_text.empty()) md += "\n" + case_text;
  write_file_atomic(out / "analysis.json", j.dump(2) + "\n");
  write_file_atomic(out / "analysis.md", md);
  fmt::print(stderr, "analysis written to {}\n", out.string());
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  static Args a;
  auto* cmd = app.add_subcommand(
      "analyze", "List quality with an encoder: monotonicity, kept share, heatmaps (Fig. 1), case study (Table 5)");
  cmd->add_option("lists", a.files, "Lists JSONL files (one column each)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", a.model, "Encoder model directory or an encoder tier (ranksent models)")
      ->capture_default_str();
  cmd->add_option("--output", a.output, "Directory for analysis.json, analysis.md and heatmap PNG/SVG files");
  cmd->add_option("--case-study", a.case_id, "Print the first 10 sentences of this seed id from every file");
  cmd->add_option("--heatmap-positions", a.heatmap_positions, "Positions in the heatmap")
      ->check(CLI::Range(2, 64))
      ->capture_default_str();
  cmd->add_flag("--include-rejected", a.include_rejected, "Score rejected lists too (the sentences they have)");
  cmd->add_flag("--same-seeds", a.same_seeds, "Score only the seeds whose list every file kept (arms on equal ground)");
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
  cmd->callback([] { run(a); });
}

}  // namespace ranksent::cli
