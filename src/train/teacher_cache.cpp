#include "train/teacher_cache.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "ranksent/common/sha256.h"
#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"
#include "ranksent/io/npy.h"

namespace ranksent {

namespace fs = std::filesystem;

namespace {

// The teacher's identity in words: its directory's files by name, size and
// modification time (a rewritten model is a new teacher), and the settings
// of its forward pass.
nlohmann::json describe(const TeacherKey& key) {
  if (!fs::is_directory(key.model)) throw InputError(key.model.string(), "the teacher is not a model directory");
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(key.model))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& f : files)
    listed.push_back({{"name", fs::relative(f, key.model).generic_string()},
                      {"size", fs::file_size(f)},
                      {"mtime", fs::last_write_time(f).time_since_epoch().count()}});
  return {{"format", "ranksent teacher cosines 1"},
          {"model", fs::weakly_canonical(key.model).string()},
          {"files", listed},
          {"pooling", pooling_name(key.pooling)},
          {"max_length", key.max_length},
          {"dtype", key.dtype},
          {"device", key.device}};
}

}  // namespace

std::string list_hash(const std::vector<std::string>& list) { return sha256_hex(nlohmann::json(list).dump()); }

TeacherCache::TeacherCache(const fs::path& root, const TeacherKey& key) {
  const auto identity = describe(key);
  const std::string text = identity.dump(2);
  dir_ = root / sha256_hex(text).substr(0, 16);
  if (!fs::exists(dir_ / "teacher.json")) write_file_atomic(dir_ / "teacher.json", text + "\n");
}

torch::Tensor TeacherCache::cosines(const std::vector<std::string>& list,
                                    const std::function<torch::Tensor()>& compute) {
  const std::string hash = list_hash(list);
  const fs::path file = dir_ / hash.substr(0, 2) / (hash + ".npy");
  const auto n = std::int64_t(list.size());
  if (fs::exists(file)) {
    // An entry is a saving, not an input: one that does not read (torn,
    // overwritten, another shape, not finite) is never used and never fatal;
    // it is recomputed and rewritten, with a warning.
    try {
      auto m = read_npy(file);
      if (m.rows != n || m.cols != n)
        throw InputError(file.string(), "holds a matrix of another shape than the list's");
      if (!std::all_of(m.data.begin(), m.data.end(), [](float v) { return std::isfinite(v); }))
        throw InputError(file.string(), "holds values that are not finite");
      ++hits_;
      return torch::from_blob(m.data.data(), {n, n}, torch::kFloat).clone();
    } catch (const InputError& e) {
      fmt::print(stderr, "warning: teacher cache: {}; recomputed and rewritten\n", e.what());
      ++repaired_;
    }
  }
  // Stored as float32 and returned as stored, so a later hit is bitwise this.
  auto t = compute().detach().to(torch::kCPU, torch::kFloat).contiguous();
  TORCH_CHECK(t.dim() == 2 && t.size(0) == n && t.size(1) == n, "teacher cosines must be [n, n]");
  write_npy(file, std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + n * n), n, n);
  ++misses_;
  return t;
}

}  // namespace ranksent
