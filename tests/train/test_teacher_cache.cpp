// The teacher-similarity cache (src/train/teacher_cache.h) with the real
// default encoder as teacher: a hit is bitwise the computed similarities and
// runs no teacher pass; another list, pooling, max length, dtype or teacher
// directory misses.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include "ranksent/encode/encoder_tensors.h"

#include "ranksent/error.h"
#include "ranksent/io/npy.h"
#include "ranksent/models.h"
#include "support/environment.h"
#include "support/model_variant.h"
#include "support/snli_lists.h"
#include "train/list_loss.h"
#include "train/teacher_cache.h"

using namespace ranksent;
namespace fs = std::filesystem;

namespace {

struct Teacher {
  Encoder encoder = Encoder::load(default_encoder().path);
  ListLossOptions options;
  int passes = 0;  // teacher forward passes run through `compute`
  Teacher() {
    set_training(encoder, false);
    options.teacher_pooling = Pooling::Mean;
  }
  std::function<torch::Tensor()> compute(const std::vector<std::string>& list) {
    return [this, &list] {
      ++passes;
      return teacher_cosines(encoder, list, options);
    };
  }
};

TeacherKey key_of(const fs::path& model) { return {model, Pooling::Mean, 32, "float32", "cpu"}; }

}  // namespace

TEST(TeacherCache, AHitIsBitwiseTheTeachersSimilaritiesAndRunsNoTeacher) {
  const auto root = test::scratch_dir("teacher-cache-hit");
  const auto lists = test::snli_lists(2, 8);
  Teacher t;
  const auto direct = teacher_cosines(t.encoder, lists[0], t.options);
  TeacherCache cache(root, key_of(default_encoder().path));
  const auto first = cache.cosines(lists[0], t.compute(lists[0]));
  EXPECT_EQ(t.passes, 1);
  EXPECT_TRUE(torch::equal(first, direct));
  const auto again = cache.cosines(lists[0], t.compute(lists[0]));
  EXPECT_EQ(t.passes, 1);  // read from disk: no teacher pass
  EXPECT_TRUE(torch::equal(again, direct));
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
  // Phi = cos / tau_t through the cache is bitwise Phi without it.
  EXPECT_TRUE(torch::equal(teacher_similarities(t.encoder, lists[0], t.options, &cache),
                           teacher_similarities(t.encoder, lists[0], t.options)));
  // Another run (a new cache object on the same folder) hits too.
  TeacherCache later(root, key_of(default_encoder().path));
  EXPECT_EQ(later.directory(), cache.directory());
  EXPECT_TRUE(torch::equal(later.cosines(lists[0], t.compute(lists[0])), direct));
  EXPECT_EQ(t.passes, 1);
  // Another list misses.
  later.cosines(lists[1], t.compute(lists[1]));
  EXPECT_EQ(t.passes, 2);
  EXPECT_EQ(later.misses(), 1u);
  EXPECT_TRUE(fs::exists(cache.directory() / "teacher.json"));
}

TEST(TeacherCache, AnotherTeacherOrSettingMisses) {
  const auto root = test::scratch_dir("teacher-cache-miss");
  const auto list = test::snli_lists(1, 8)[0];
  Teacher t;
  const auto base = key_of(default_encoder().path);
  TeacherCache cache(root, base);
  cache.cosines(list, t.compute(list));
  // The same weights under another pooling (a second model directory), and
  // each setting of the forward pass, are other teachers.
  const auto variant = test::cls_pooling_variant(default_encoder().path, test::scratch_dir("cls-teacher") / "model");
  std::vector<TeacherKey> others(5, base);
  others[0].model = variant;
  others[1].pooling = Pooling::ClsBeforePooler;
  others[2].max_length = 16;
  others[3].dtype = "bfloat16";
  others[4].device = "cuda";
  std::set<fs::path> dirs = {cache.directory()};
  for (const auto& k : others) {
    TeacherCache other(root, k);
    EXPECT_TRUE(dirs.insert(other.directory()).second) << other.directory();
    other.cosines(list, t.compute(list));
    EXPECT_EQ(other.misses(), 1u);
  }
  EXPECT_EQ(t.passes, 6);
  // A teacher file rewritten in place is a new teacher.
  const auto config = variant / "1_Pooling" / "config.json";
  fs::last_write_time(config, fs::last_write_time(config) + std::chrono::seconds(5));
  EXPECT_FALSE(dirs.count(TeacherCache(root, others[0]).directory()));
}

// An entry that does not read (another shape, a torn or overwritten file,
// values that are not finite) is recomputed and rewritten, never used and
// never fatal; the next call hits the rewritten entry.
TEST(TeacherCache, AnEntryThatDoesNotReadIsRecomputed) {
  const auto root = test::scratch_dir("teacher-cache-bad");
  const auto list = test::snli_lists(1, 8)[0];
  TeacherCache cache(root, key_of(default_encoder().path));
  const auto hash = list_hash(list);
  const auto file = cache.directory() / hash.substr(0, 2) / (hash + ".npy");
  Teacher fresh;
  const auto expected = cache.cosines(list, fresh.compute(list));
  const std::vector<std::function<void()>> damage = {
      [&] { write_npy(file, std::vector<float>(4, 0.5f), 2, 2); },
      [&] { std::ofstream(file, std::ios::binary) << "not a .npy file"; },
      [&] { fs::resize_file(file, fs::file_size(file) / 2); },
      [&] { write_npy(file, std::vector<float>(list.size() * list.size(), NAN), list.size(), list.size()); },
  };
  for (std::size_t i = 0; i < damage.size(); ++i) {
    damage[i]();
    Teacher t;
    const auto got = cache.cosines(list, t.compute(list));
    EXPECT_EQ(t.passes, 1) << "damage " << i;
    EXPECT_TRUE(torch::equal(got, expected)) << "damage " << i;
    EXPECT_EQ(cache.repaired(), i + 1);
    Teacher again;
    EXPECT_TRUE(torch::equal(cache.cosines(list, again.compute(list)), expected)) << "damage " << i;
    EXPECT_EQ(again.passes, 0) << "the rewritten entry is read";
  }
}
