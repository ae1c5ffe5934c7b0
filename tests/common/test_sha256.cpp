// SHA-256 against the FIPS 180-4 test vectors.
#include <gtest/gtest.h>

#include <fstream>

#include "ranksent/common/sha256.h"
#include "support/environment.h"

using ranksent::sha256_hex;

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileEqualsBytes) {
  auto dir = ranksent::test::scratch_dir("sha");
  std::string text(200'003, 'x');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = char('a' + i % 26);
  std::ofstream(dir / "f.bin", std::ios::binary) << text;
  EXPECT_EQ(ranksent::sha256_file(dir / "f.bin"), sha256_hex(text));
}
