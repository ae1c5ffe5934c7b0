// Line-level text helpers the loaders share: tab splitting as SentEval's
// line.split('\t') does it, and UTF-8 validation / replacement.
#include <gtest/gtest.h>

#include "ranksent/io/sentence_file.h"
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
  EXPECT_EQ(ranksent::find_invalid_utf8("ab\xff" "cd"), 2u);
  EXPECT_EQ(ranksent::find_invalid_utf8("x\xc3"), 1u);           // truncated 2-byte sequence
  EXPECT_EQ(ranksent::find_invalid_utf8("\xed\xa0\x80"), 0u);   // a UTF-16 surrogate
  EXPECT_EQ(ranksent::find_invalid_utf8("\xc0\xaf"), 0u);       // overlong '/'
  EXPECT_EQ(ranksent::replace_invalid_utf8("ab\xff" "cd"), "ab\xef\xbf\xbd" "cd");
  EXPECT_EQ(ranksent::replace_invalid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
}
