// The files of `ranksent generate`: seeds in (text or JSONL), lists out.
//
// lists.jsonl is written for crash safety: each finished list is one
// write() of one line, made durable by fdatasync on a thread of its own
// (BackgroundSync: decoding does not wait for the disk), so a kill leaves at
// most one torn last line; reopening discards that line, checks that every
// other line is a list record of the same run, and tells which ids are done.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "ranksent/generate/ranking_list.h"
#include "ranksent/generate/strategy.h"
#include "ranksent/io/background_sync.h"

namespace ranksent {

// Seeds from a text file (one a line; id = line number) or JSONL (one object
// a line, the text in `field`, the id in "id" when present, else the line
// number). Empty lines of a text file are kept (reported as empty seeds).
// Throws InputError naming file, line and field.
std::vector<SeedItem> read_seed_items(const std::filesystem::path& path, const std::string& field = "sentence");

// Every record of a lists file in file order: blank lines skipped, every
// other line a ranking-list record with a unique id, else an InputError
// naming the file, line and field. The one reader of lists files.
std::vector<RankingList> read_lists_file(const std::filesystem::path& path);
// One line of a lists file as a record (InputError naming file and line).
RankingList parse_list_line(const std::string& line, const std::string& file, long number);

// Lists of an earlier run, as items for `shuffle`.
std::vector<SeedItem> read_list_items(const std::filesystem::path& path);

class LineReader;

// The items of a `generate` run one at a time, checked as read_seed_items /
// read_list_items check them (ids unique over the whole file): the run
// streams its seeds instead of holding millions of them.
class ItemReader {
 public:
  static ItemReader seeds(const std::filesystem::path& path, const std::string& field = "sentence");
  static ItemReader lists(const std::filesystem::path& path);  // records of a lists file (shuffle)
  ItemReader(ItemReader&&) noexcept;
  ~ItemReader();
  bool next(SeedItem& item);  // false at the end; InputError naming file, line and field
  // Where the last item's line is: its number, byte offset and length (a
  // reader that comes back for the record later, as training does).
  long line_number() const;
  std::uint64_t line_offset() const;
  std::size_t line_size() const { return line_size_; }

 private:
  ItemReader(const std::filesystem::path& path, bool lists, const std::string& field);
  std::string file_, field_;
  bool lists_ = false, jsonl_ = false;
  std::unique_ptr<LineReader> lines_;
  std::unordered_set<std::string> ids_;
  std::size_t line_size_ = 0;
};

class ListsFile {
 public:
  // Opens `path` for appending, creating it. Fields of `expect` that are set
  // (strategy, model_sha256, prompt, steps, lambda) must match every existing
  // record, else InputError: a file of another run is never appended to.
  // `on_existing` sees each record already there (read once, here). The
  // file stays locked (flock) while the object lives: a second writer gets
  // an InputError saying another process is writing it.
  ListsFile(const std::filesystem::path& path, const RankingList& expect,
            const std::function<void(const RankingList&)>& on_existing = {});
  ~ListsFile();
  ListsFile(const ListsFile&) = delete;
  ListsFile& operator=(const ListsFile&) = delete;

  bool done(const nlohmann::json& id) const { return done_.count(id.dump()) > 0; }
  std::size_t existing() const { return done_.size(); }
  std::size_t torn_bytes() const { return torn_bytes_; }  // the discarded torn tail, if any
  void append(const RankingList& list);
  // Returns once every appended list is on disk (throws a failed sync).
  void flush();

 private:
  void read_existing(const RankingList& expect, const std::function<void(const RankingList&)>& on_existing);

  std::filesystem::path path_;
  int fd_ = -1;
  std::set<std::string> done_;
  std::size_t torn_bytes_ = 0;
  std::unique_ptr<BackgroundSync> sync_;
};

}  // namespace ranksent
