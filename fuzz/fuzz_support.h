// Shared by the fuzz targets: a temporary folder per process (under /dev/shm
// when it exists, so that writing an input costs no disk I/O; the folders of
// processes that are gone are removed), files written into it, and the split
// of one input into several files.
#pragma once
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace ranksent::fuzz {

namespace fs = std::filesystem;

// This process's folder, made on first use and removed when the process exits.
inline const fs::path& scratch() {
  static const fs::path dir = [] {
    const char* shm = "/dev/shm";
    std::error_code ec;
    fs::path base = fs::is_directory(shm, ec) ? fs::path(shm) : fs::temp_directory_path();
    // A run that crashed (abort() skips atexit) left its folder: removed by the next.
    for (const auto& entry : fs::directory_iterator(base, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("ranksent-fuzz-")) continue;
      const long pid = std::strtol(name.c_str() + 14, nullptr, 10);
      if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
    fs::path d = base / ("ranksent-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d, ec);
    fs::create_directories(d);
    static const std::string keep = d.string();
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(keep, ignored);
    });
    return d;
  }();
  return dir;
}

// An empty folder `name` inside scratch(), emptied again on every call.
inline fs::path fresh_dir(const std::string& name) {
  fs::path d = scratch() / name;
  std::error_code ec;
  fs::remove_all(d, ec);
  fs::create_directories(d);
  return d;
}

inline void write_file(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) {
    // Not a finding of the code under test: the harness cannot run.
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", file.c_str());
    std::abort();
  }
}

// The input cut at each NUL byte: the files a multi-file loader reads.
inline std::vector<std::string_view> split_nul(std::string_view input) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t nul = input.find('\0', start);
    parts.push_back(input.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start));
    if (nul == std::string_view::npos) return parts;
    start = nul + 1;
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of the code under test that does not hold: a finding.
[[noreturn]] inline void violated(const char* what) {
  std::fprintf(stderr, "fuzz: property violated: %s\n", what);
  std::abort();
}

}  // namespace ranksent::fuzz
