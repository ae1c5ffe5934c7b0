// Line-level text helpers the loaders share: tab splitting as SentEval's
// line.split('\t') does it, UTF-8 validation / replacement, and the
// streaming line reader.
#include <gtest/gtest.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "ranksent/error.h"
#include "ranksent/io/sentence_file.h"
#include "ranksent/io/text_lines.h"
#include "ranksent/io/tsv.h"

using ranksent::split_tabs;

TEST(TextLines, SplitTabsKeepsEveryField) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_tabs(""), V{""});
  EXPECT_EQ(split_tabs("a"), V{"a"});
  EXPECT_EQ(split_tabs("a\tb"), (V{"a", "b"}));
  EXPECT_EQ(split_tabs("a\t\tb"), (V{"a", "", "b"}));
  EXPECT_EQ(split_tabs("\ta\t"), (V{"", "a", ""}));
  EXPECT_EQ(split_tabs("a b\t 4.5 \r"), (V{"a b", " 4.5 \r"}));  // no trimming: callers decide
}

TEST(TextLines, InvalidUtf8IsFoundAndReplaced) {
  EXPECT_EQ(ranksent::find_invalid_utf8("caf\xc3\xa9"), std::string::npos);
  EXPECT_EQ(ranksent::find_invalid_utf8("ab\xff"
                                        "cd"),
            2u);
  EXPECT_EQ(ranksent::find_invalid_utf8("x\xc3"), 1u);         // truncated 2-byte sequence
  EXPECT_EQ(ranksent::find_invalid_utf8("\xed\xa0\x80"), 0u);  // a UTF-16 surrogate
  EXPECT_EQ(ranksent::find_invalid_utf8("\xc0\xaf"), 0u);      // overlong '/'
  EXPECT_EQ(ranksent::replace_invalid_utf8("ab\xff"
                                           "cd"),
            "ab\xef\xbf\xbd"
            "cd");
  EXPECT_EQ(ranksent::replace_invalid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
}

// The streaming reader: lines across its 64 KiB blocks, CRLF, a last line
// without '\n' (torn), the byte offset of each line, gzip.
TEST(TextLines, LineReaderStreamsWithOffsets) {
  const auto dir = std::filesystem::temp_directory_path() / "ranksent-tests" / "line-reader";
  std::filesystem::create_directories(dir);
  const std::string long_line(200000, 'x');  // spans four blocks
  const std::string text = "a\r\n\n" + long_line + "\nlast";
  std::ofstream(dir / "t.txt", std::ios::binary) << text;
  ranksent::LineReader r(dir / "t.txt");
  std::string line;
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "a");
  EXPECT_EQ(r.offset(), 0u);
  EXPECT_TRUE(r.terminated());
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "");
  EXPECT_EQ(r.offset(), 3u);
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, long_line);
  EXPECT_EQ(r.offset(), 4u);
  EXPECT_EQ(r.number(), 3);
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "last");
  EXPECT_FALSE(r.terminated());
  EXPECT_EQ(r.complete_bytes(), text.size() - 4);  // where a torn last line is cut
  EXPECT_FALSE(r.next(line));
  EXPECT_EQ(ranksent::read_lines(dir / "t.txt"), (std::vector<std::string>{"a", "", long_line, "last"}));

  gzFile gz = gzopen((dir / "t.txt.gz").c_str(), "wb");
  gzwrite(gz, text.data(), unsigned(text.size()));
  gzclose(gz);
  EXPECT_EQ(ranksent::read_lines(dir / "t.txt.gz"), ranksent::read_lines(dir / "t.txt"));
  std::ofstream(dir / "bad.gz", std::ios::binary) << "\x1f\x8b\x08\x00garbage";
  EXPECT_THROW(ranksent::read_lines(dir / "bad.gz"), ranksent::InputError);
  EXPECT_THROW(ranksent::LineReader(dir / "missing.txt"), ranksent::InputError);
}
