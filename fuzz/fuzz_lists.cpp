// The lists JSONL reader: read_lists_file (parse_list_line and
// RankingList::from_json on every line) on the input as a lists file, the
// reopening of the same file by `generate` (ListsFile: a torn last line cut,
// every other line checked) and read_seed_items on it as JSONL seeds.
// Expected: InputError. A record that was read must write back (to_json)
// and read again as the same record.
#include "fuzz_support.h"
#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"

using namespace ranksent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const auto dir = fuzz::scratch();
  const auto file = dir / "lists.jsonl";
  fuzz::write_file(file, input);
  std::vector<RankingList> lists;
  try {
    lists = read_lists_file(file);
  } catch (const InputError&) {
  }
  for (const RankingList& r : lists) {
    const nlohmann::json j = r.to_json();
    const std::string line = j.dump();  // what `generate`, `shuffle` and `merge-lists` write
    (void)r.run_fields();
    try {
      if (parse_list_line(line, file.string(), r.source_line).to_json() != j)
        fuzz::violated("a record read back differs from the one written");
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      fuzz::violated("a record written back does not read again");
    }
  }
  try {
    ListsFile reopened(file, RankingList{});
  } catch (const InputError&) {
  }
  const auto seeds = dir / "seeds.jsonl";
  fuzz::write_file(seeds, input);
  try {
    (void)read_seed_items(seeds);
  } catch (const InputError&) {
  }
  return 0;
}
