// Teacher similarities kept on disk (docs/training.md, "Teacher cache"): the
// frozen teacher's cosines of a list are computed once and reused by every
// run (seeds, epochs, arms, studies) that trains on the same list with the
// same teacher, so a study costs one teacher forward pass per list. One .npy
// per list:
//   ROOT/<teacher key>/<list hash[0:2]>/<list hash>.npy
// The teacher key hashes what the cosines depend on: the teacher directory
// (its path and each file's name, size and modification time), its pooling
// and max length, the forward dtype and the device type;
// ROOT/<teacher key>/teacher.json states them. Every file is written
// atomically, so runs and ranks may share one cache.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "ranksent/encode/encoder.h"

namespace ranksent {

// What the teacher's cosines of a list depend on, besides the list.
struct TeacherKey {
  std::filesystem::path model;  // the teacher's directory
  Pooling pooling = Pooling::Mean;
  std::size_t max_length = 32;
  std::string dtype = "float32";  // the forward pass's autocast dtype (train --dtype)
  std::string device = "cpu";     // device type: "cpu" or "cuda" (the index does not change the result)
};

class TeacherCache {
 public:
  // InputError when `key.model` is not a directory.
  TeacherCache(const std::filesystem::path& root, const TeacherKey& key);

  // cos(h_j, h_k) of `list`, [n, n] float32 on the CPU: read when stored,
  // else `compute()` once and stored. A hit is bitwise the miss's result. A
  // stored entry that does not read is recomputed and rewritten (a warning
  // on stderr), never used and never fatal.
  torch::Tensor cosines(const std::vector<std::string>& list, const std::function<torch::Tensor()>& compute);

  const std::filesystem::path& directory() const { return dir_; }  // ROOT/<teacher key>
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }
  std::size_t repaired() const { return repaired_; }  // entries that did not read, recomputed

 private:
  std::filesystem::path dir_;
  std::size_t hits_ = 0, misses_ = 0, repaired_ = 0;
};

// A list's content hash: sha256 of its sentences as a JSON array.
std::string list_hash(const std::vector<std::string>& list);

}  // namespace ranksent
