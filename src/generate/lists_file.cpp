#include "ranksent/generate/lists_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ranksent/error.h"
#include "ranksent/io/file_lock.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/io/text_lines.h"

namespace ranksent {

namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

}  // namespace

ItemReader::ItemReader(const std::filesystem::path& path, bool lists, const std::string& field)
    : file_(path.string()), field_(field), lists_(lists), lines_(std::make_unique<LineReader>(path)) {
  const auto ext = path.extension().string();
  jsonl_ = ext == ".jsonl" || ext == ".json";
}

ItemReader ItemReader::seeds(const std::filesystem::path& path, const std::string& field) {
  return ItemReader(path, false, field);
}

ItemReader ItemReader::lists(const std::filesystem::path& path) { return ItemReader(path, true, ""); }

ItemReader::ItemReader(ItemReader&&) noexcept = default;
long ItemReader::line_number() const { return lines_->number(); }
std::uint64_t ItemReader::line_offset() const { return lines_->offset(); }
ItemReader::~ItemReader() = default;

bool ItemReader::next(SeedItem& item) {
  std::string line;
  while (lines_->next(line)) {
    const long number = lines_->number();
    if (lists_) {
      if (blank(line)) continue;
      RankingList r = parse_list_line(line, file_, number);
      if (!ids_.insert(r.id.dump()).second) throw InputError(file_, "duplicate id " + r.id.dump(), number, "id");
      line_size_ = line.size();
      item = SeedItem{r.id, r.seed, std::nullopt};
      item.source = std::move(r);
      return true;
    }
    if (auto bad = find_invalid_utf8(line); bad != std::string::npos)
      throw InputError(file_, "invalid UTF-8 at byte " + std::to_string(bad), number);
    item = SeedItem{};
    if (!jsonl_) {
      item.id = number;  // unique by construction: no id is kept
      item.text = std::move(line);
    } else {
      if (blank(line)) continue;
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        throw InputError(file_, std::string("not JSON: ") + e.what(), number);
      }
      if (!j.is_object()) throw InputError(file_, "not a JSON object", number);
      auto t = j.find(field_);
      // `ranksent select` writes "text": read it when the default field is absent.
      if (t == j.end() && field_ == "sentence") t = j.find("text");
      if (t == j.end()) throw InputError(file_, "field is missing", number, field_);
      if (!t->is_string()) throw InputError(file_, "field is not a string", number, field_);
      item.text = t->get<std::string>();
      auto id = j.find("id");
      if (id == j.end()) {
        item.id = number;
      } else if (id->is_string() || id->is_number_integer()) {
        item.id = *id;
      } else {
        throw InputError(file_, "field is not a string or an integer", number, "id");
      }
      if (!ids_.insert(item.id.dump()).second)
        throw InputError(file_, "duplicate id " + item.id.dump() + " (resuming needs unique ids)", number, "id");
    }
    // The prompt reaches llama.cpp as a C string: a NUL would cut it short
    // while the record kept the whole seed.
    if (auto nul = item.text.find('\0'); nul != std::string::npos)
      throw InputError(file_, "NUL byte at byte " + std::to_string(nul) + " of the seed", number, jsonl_ ? field_ : "");
    return true;
  }
  return false;
}

std::vector<SeedItem> read_seed_items(const std::filesystem::path& path, const std::string& field) {
  auto reader = ItemReader::seeds(path, field);
  std::vector<SeedItem> out;
  for (SeedItem item; reader.next(item);) out.push_back(std::move(item));
  return out;
}

RankingList parse_list_line(const std::string& line, const std::string& file, long number) {
  if (auto bad = find_invalid_utf8(line); bad != std::string::npos)
    throw InputError(file, "invalid UTF-8 at byte " + std::to_string(bad), number);
  // A record keeps the fields it does not know and writes them back; copying
  // and writing JSON recurse, so a line nested 100000 deep crashed the stack.
  // The parser stops at the first level past the limit.
  constexpr int kMaxDepth = 512;
  auto depth_limit = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxDepth)
      throw InputError(file, "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels", number);
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line, depth_limit);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, std::string("not JSON: ") + e.what(), number);
  }
  try {
    RankingList r = RankingList::from_json(j);
    r.source_line = number;
    if (r.id.is_null()) r.id = number;
    return r;
  } catch (const std::invalid_argument& e) {
    throw InputError(file, std::string("not a ranking-list record: ") + e.what(), number);
  }
}

std::vector<RankingList> read_lists_file(const std::filesystem::path& path) {
  auto reader = ItemReader::lists(path);
  std::vector<RankingList> out;
  for (SeedItem item; reader.next(item);) out.push_back(std::move(*item.source));
  return out;
}

std::vector<SeedItem> read_list_items(const std::filesystem::path& path) {
  auto reader = ItemReader::lists(path);
  std::vector<SeedItem> out;
  for (SeedItem item; reader.next(item);) out.push_back(std::move(item));
  return out;
}

ListsFile::ListsFile(const std::filesystem::path& path, const RankingList& expect,
                     const std::function<void(const RankingList&)>& on_existing)
    : path_(path) {
  const std::string file = path.string();
  const bool existed = std::filesystem::exists(path);
  if (!existed && !path.parent_path().empty()) std::filesystem::create_directories(path.parent_path());
  // Opened and locked before anything is read: a second run on the same
  // output stops here instead of interleaving its lines with the first's.
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) throw InputError(file, std::string("cannot open for appending: ") + std::strerror(errno));
  try {
    lock_exclusive(fd_, file);
    if (existed) read_existing(expect, on_existing);
    sync_ = std::make_unique<BackgroundSync>(fd_, file);
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

void ListsFile::read_existing(const RankingList& expect, const std::function<void(const RankingList&)>& on_existing) {
  const std::string file = path_.string();
  LineReader lines(path_);  // streamed: an output of 200,000 lists is never held whole
  const auto expected = expect.run_fields();
  for (std::string line; lines.next(line);) {
    // A kill during a write leaves a last line without its newline: cut it.
    if (!lines.terminated()) {
      torn_bytes_ = std::filesystem::file_size(path_) - lines.complete_bytes();
      break;
    }
    if (blank(line)) continue;
    const long number = lines.number();
    RankingList r;
    try {
      r = parse_list_line(line, file, number);
    } catch (const InputError& e) {
      throw InputError(file, "existing line is not ours (choose another --output): " + e.reason(), number);
    }
    // A field this run leaves unset is not checked.
    const auto have = r.run_fields();
    for (const auto& [field, want] : expected)
      if (!want.empty() && have.at(field) != want)
        throw InputError(file,
                         "existing list was written by another run ('" + have.at(field) + "', this run '" + want +
                             "'); choose another --output",
                         number, field);
    done_.insert(r.id.dump());
    if (on_existing) on_existing(r);
  }
  if (torn_bytes_ > 0 && ::ftruncate(fd_, off_t(lines.complete_bytes())) != 0)
    throw InputError(file, std::string("cannot cut the torn last line: ") + std::strerror(errno));
}

ListsFile::~ListsFile() {
  sync_.reset();  // the last sync, before the file closes
  if (fd_ >= 0) ::close(fd_);
}

void ListsFile::flush() { sync_->flush(); }

void ListsFile::append(const RankingList& list) {
  // Invalid UTF-8 (a sentence cut inside a character) becomes U+FFFD rather
  // than an exception that would lose the list.
  const std::string line = list.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(path_.string() + ": write failed: " + std::strerror(errno));
    }
    off += std::size_t(n);
  }
  sync_->written();
  done_.insert(list.id.dump());
}

}  // namespace ranksent
