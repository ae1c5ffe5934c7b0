// The API's generation call (ranksent/api.h): seeds held in memory become a
// seeds file, the run is `ranksent generate`'s (generate_lists), and the lists
// come back as the records the file holds.
#include <cmath>
#include <cstdlib>
#include <set>

#include "ranksent/api.h"
#include "ranksent/generate/generation_engine.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/io/atomic_file.h"
#include "sentences_check.h"

namespace fs = std::filesystem;

namespace ranksent {

namespace {

// A folder of its own under the system's temporary folder, removed on exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "ranksent-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder in " + pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The CLI checks these as it parses; a call from code is checked here.
void check_numbers(const GenerateOptions& o) {
  auto need = [](bool ok, const char* field, const std::string& what) {
    if (!ok) throw OptionError(field, what);
  };
  need(o.steps >= 1 && o.steps <= 1000, "steps", "must be in [1, 1000]");
  need(std::isfinite(o.decoding.lambda) && o.decoding.lambda >= 0, "decoding.lambda", "must be a number >= 0");
  need(o.decoding.parallel >= 1 && o.decoding.parallel <= max_parallel_lists(), "decoding.parallel",
       "must be in [1, " + std::to_string(max_parallel_lists()) + "]");
  need(o.decoding.max_new_tokens >= 1 && o.decoding.max_new_tokens <= 4096, "decoding.max_new_tokens",
       "must be in [1, 4096]");
  need(o.threads >= 0, "threads", "must be >= 0 (0 = all)");
}

}  // namespace

std::vector<nlohmann::json> read_lists(const fs::path& file) {
  std::vector<nlohmann::json> out;
  for (const auto& list : read_lists_file(file)) out.push_back(list.to_json());
  return out;
}

GeneratedLists generate(const std::vector<std::string>& seeds, GenerateRun run, const fs::path& output,
                        const std::atomic<bool>* stop) {
  check_numbers(run.options);
  ScratchDir scratch;
  const bool shuffle = run.options.strategy == Strategy::shuffle;
  if (shuffle) {
    if (!seeds.empty()) throw OptionError("seeds", "strategy shuffle permutes the lists of `lists`, not seeds");
  } else {
    api_detail::check_sentences(seeds, "seeds", /*allow_nul=*/false);
    std::string text;
    for (std::size_t i = 0; i < seeds.size(); ++i)
      text += nlohmann::json{{"id", i + 1}, {"sentence", seeds[i]}}.dump() + "\n";
    run.seeds = scratch.path() / "seeds.jsonl";
    run.field = "sentence";
    write_file_atomic(run.seeds, text);
    run.model = run.model.empty() ? best_installed_llm().path : resolve_llm(run.model.string());
  }
  run.output = output.empty() ? scratch.path() / "lists.jsonl" : output;
  GeneratedLists result;
  result.summary = generate_lists(run, stop);
  // This call's lists in seed order (a resumed file may hold others too).
  std::map<std::string, nlohmann::json> by_id;
  for (auto& record : read_lists(run.output)) {
    std::string id = record["id"].dump();  // before the move: `=` evaluates its right side first
    by_id[id] = std::move(record);
  }
  if (shuffle) {
    for (auto& [id, record] : by_id) result.lists.push_back(std::move(record));
  } else {
    for (std::size_t i = 0; i < seeds.size(); ++i)
      if (auto it = by_id.find(nlohmann::json(i + 1).dump()); it != by_id.end())
        result.lists.push_back(std::move(it->second));
  }
  return result;
}

}  // namespace ranksent
