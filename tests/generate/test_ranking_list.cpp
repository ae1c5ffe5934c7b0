// Verification rules (appendix A, last paragraph), each on a hand-made list;
// sentence cleaning and parsing; the record format; the ablation (c)
// permutation; prompt templates; the seeds and lists files.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "ranksent/error.h"
#include "ranksent/generate/lists_file.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/generate/ranking_list.h"
#include "ranksent/generate/shuffle.h"
#include "support/environment.h"

using namespace ranksent;

namespace {
std::vector<std::string> good_list() {
  return {"A man plays a guitar.", "A man is playing a guitar.", "A person plays an instrument.",
          "Someone makes music.", "A crowd listens to a concert."};
}
VerifyOptions four_steps() { return VerifyOptions{.steps = 4}; }
std::vector<SentenceFlags> no_flags(std::size_t n = 5) { return std::vector<SentenceFlags>(n); }
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST(Verify, CompleteListIsKept) { EXPECT_EQ(verify_list(good_list(), no_flags(), four_steps()), std::nullopt); }

TEST(Verify, IncompleteListIsRejected) {
  auto l = good_list();
  l.pop_back();
  auto r = verify_list(l, no_flags(4), four_steps());
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "incomplete: 4 sentences, expected 5");
}

TEST(Verify, TruncatedSentenceIsRejected) {
  auto flags = no_flags();
  flags[3].truncated = true;
  auto r = verify_list(good_list(), flags, four_steps());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("truncated: sentence 4", 0), 0u) << *r;
}

TEST(Verify, EmptySentenceIsRejected) {
  auto l = good_list();
  l[2] = "  ";
  EXPECT_EQ(verify_list(l, no_flags(), four_steps()).value(), "empty: sentence 3");
}

TEST(Verify, NewlineIsRejected) {  // the authors' filter
  auto l = good_list();
  l[2] = "A person plays.\nExplanation: it is shorter.";
  EXPECT_EQ(verify_list(l, no_flags(), four_steps()).value(), "newline: sentence 3");
}

TEST(Verify, RepeatedLastSentenceIsRejected) {  // the authors' degenerate-tail filter
  auto l = good_list();
  l[1] = l[4];
  l[2] = l[4];  // the last sentence occurs 3 times
  auto r = verify_list(l, no_flags(), VerifyOptions{.steps = 4, .reject_consecutive_duplicates = false});
  EXPECT_EQ(r.value(), "repetition: sentence 5 occurs 3 times");
}

TEST(Verify, RepeatedSecondToLastSentenceIsRejected) {
  auto l = good_list();
  l[0] = l[3];
  l[1] = l[3];
  auto r = verify_list(l, no_flags(), VerifyOptions{.steps = 4, .reject_consecutive_duplicates = false});
  EXPECT_EQ(r.value(), "repetition: sentence 4 occurs 3 times");
  // Twice is allowed by the authors' rule.
  l[0] = good_list()[0];
  EXPECT_EQ(verify_list(l, no_flags(), VerifyOptions{.steps = 4, .reject_consecutive_duplicates = false}),
            std::nullopt);
}

TEST(Verify, ConsecutiveDuplicatesAfterFoldingAreRejected) {  // our addition, behind a flag
  auto l = good_list();
  l[3] = "  a PERSON   plays an Instrument. ";
  EXPECT_EQ(verify_list(l, no_flags(), four_steps()).value(), "duplicate: sentence 4 repeats sentence 3");
  EXPECT_EQ(verify_list(l, no_flags(), VerifyOptions{.steps = 4, .reject_consecutive_duplicates = false}),
            std::nullopt);
}

TEST(Sentences, CleaningStripsWhitespaceAndOneListMarker) {
  EXPECT_EQ(clean_sentence("  A dog runs.\n"), "A dog runs.");
  EXPECT_EQ(clean_sentence("1. A dog runs."), "A dog runs.");
  EXPECT_EQ(clean_sentence("12) A dog runs."), "A dog runs.");
  EXPECT_EQ(clean_sentence("- A dog runs."), "A dog runs.");
  EXPECT_EQ(clean_sentence("3.5 million people live here."), "3.5 million people live here.");
  EXPECT_EQ(clean_sentence("-5 degrees outside."), "-5 degrees outside.");
  EXPECT_EQ(fold_sentence("  A  Dog\truns. "), "a dog runs");
  EXPECT_EQ(fold_sentence("A dog, running!"), fold_sentence("a dog running."));
  EXPECT_EQ(fold_sentence("\"The Old Man Sips.\""), "the old man sips");
  EXPECT_NE(fold_sentence("A dog runs."), fold_sentence("A dog ran."));
  EXPECT_EQ(fold_sentence("Caf\xc3\xa9 au lait."), "caf\xc3\xa9 au lait");  // UTF-8 bytes kept as they are
}

TEST(Sentences, NumberedOutputIsParsed) {
  auto s = parse_numbered_list("Here you go:\n1. The cat rests.\n2) A cat lies down.\n\n3. An animal sleeps.\n");
  EXPECT_EQ(s, (std::vector<std::string>{"The cat rests.", "A cat lies down.", "An animal sleeps."}));
  EXPECT_EQ(parse_numbered_list("One.\nTwo.\n"), (std::vector<std::string>{"One.", "Two."}));
}

TEST(Record, JsonRoundTrip) {
  RankingList r;
  r.id = 7;
  r.seed = "A man plays a guitar.";
  r.sentences = good_list();
  r.strategy = "directional";
  r.lambda = 0.5;
  r.model = "m.gguf";
  r.model_sha256 = "0123456789abcdef";
  r.prompt = "directional.txt";
  r.steps = 4;
  r.rejected = "newline: sentence 3";
  auto back = RankingList::from_json(nlohmann::json::parse(r.to_json().dump()));
  EXPECT_EQ(back.to_json(), r.to_json());
  EXPECT_THROW(RankingList::from_json(nlohmann::json::parse(R"({"id":1,"seed":"x"})")), std::invalid_argument);
}

TEST(Record, OnlySentencesIsRequiredAndOtherFieldsAreKept) {
  // A list written by another program: no id, seed, strategy or steps.
  auto r = RankingList::from_json(nlohmann::json::parse(R"({"sentences":["a b","a c","d e"],"source":"hand"})"));
  EXPECT_EQ(r.seed, "a b");
  EXPECT_EQ(r.steps, 2);
  EXPECT_TRUE(r.id.is_null());
  EXPECT_EQ(r.to_json()["source"], "hand");
  // Present fields are still checked, by name.
  try {
    RankingList::from_json(nlohmann::json::parse(R"({"sentences":["a","b"],"steps":"two"})"));
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'steps'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RankingList::from_json(nlohmann::json::parse(R"({"sentences":["a",2]})")), std::invalid_argument);
  // In a file, a missing id is the line number (blank lines counted).
  auto dir = test::scratch_dir("foreign-lists");
  std::ofstream(dir / "l.jsonl") << R"({"sentences":["a","b","c"]})" << "\n\n"
                                 << R"({"sentences":["d","e","f"]})" << "\n";
  auto lists = read_lists_file(dir / "l.jsonl");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].id, 1);
  EXPECT_EQ(lists[1].id, 3);
}

TEST(Shuffle, PermutesTheTailOnlyAndIsSeeded) {
  std::vector<std::string> l;
  for (int i = 0; i < 33; ++i) l.push_back("s" + std::to_string(i));
  auto a = shuffle_tail(l, 1, "\"x\"");
  EXPECT_EQ(a.front(), "s0");
  EXPECT_NE(a, l);
  EXPECT_EQ(std::multiset<std::string>(a.begin(), a.end()), std::multiset<std::string>(l.begin(), l.end()));
  EXPECT_EQ(shuffle_tail(l, 1, "\"x\""), a);
  EXPECT_NE(shuffle_tail(l, 2, "\"x\""), a);
  EXPECT_NE(shuffle_tail(l, 1, "\"y\""), a);
}

TEST(Prompts, BuiltinsAreThePromptFiles) {
  for (std::string name : {"directional", "step-by-step", "single-step"}) {
    auto file = PromptTemplate::load(test::source_dir() / "prompts" / (name + ".txt"));
    auto builtin = PromptTemplate::builtin(name);
    EXPECT_EQ(builtin.system, file.system) << name;
    EXPECT_EQ(builtin.user, file.user) << name;
  }
  auto d = PromptTemplate::builtin("directional");
  EXPECT_EQ(d.system.rfind("Rewrite the following sentence or phrase using different words", 0), 0u);
  EXPECT_EQ(d.user, "Write a sentence that is entailment with:{sentence}.\n\nResult:");
  auto m = d.messages("A dog runs", 32);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].content, "Write a sentence that is entailment with:A dog runs.\n\nResult:");
  EXPECT_EQ(d.all_in_user().messages("x", 1).size(), 1u);
  EXPECT_NE(PromptTemplate::builtin("single-step").messages("x", 7)[0].content.find("sequence of 7 sentences"),
            std::string::npos);
}

TEST(Prompts, TemplateWithoutSlotIsAnError) {
  auto dir = test::scratch_dir("prompt");
  std::ofstream(dir / "bad.txt") << "[user]\nRewrite the sentence.\n";
  try {
    PromptTemplate::load(dir / "bad.txt");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.txt"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("{sentence}"), std::string::npos);
  }
}

TEST(Files, SeedsFromTextAndJsonl) {
  auto dir = test::scratch_dir("seeds");
  std::ofstream(dir / "s.txt") << "A dog runs.\n\nA cat sleeps.\n";
  auto t = read_seed_items(dir / "s.txt");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].text, "");
  EXPECT_EQ(t[2].id, 3);
  std::ofstream(dir / "s.jsonl") << R"({"id":"a","sentence":"A dog runs."})" << "\n\n"
                                 << R"({"sentence":"A cat sleeps."})" << "\n";
  auto j = read_seed_items(dir / "s.jsonl");
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].id, "a");
  EXPECT_EQ(j[1].id, 3);
  // `ranksent select` writes "text": read when the default field is absent.
  std::ofstream(dir / "sel.jsonl") << R"({"id":"a","text":"A dog runs."})" << "\n";
  EXPECT_EQ(read_seed_items(dir / "sel.jsonl").at(0).text, "A dog runs.");
  std::ofstream(dir / "bad.jsonl") << R"({"id":"a","words":"A dog runs."})" << "\n";
  try {
    read_seed_items(dir / "bad.jsonl");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 1);
    EXPECT_EQ(e.field(), "sentence");
  }
  std::ofstream(dir / "dup.jsonl") << R"({"id":1,"sentence":"x"})" << "\n" << R"({"id":1,"sentence":"y"})" << "\n";
  EXPECT_THROW(read_seed_items(dir / "dup.jsonl"), InputError);
}

namespace {
RankingList one_step_list() {
  RankingList r;
  r.id = 1;
  r.seed = "A dog runs.";
  r.sentences = {"A dog runs.", "A dog is running."};
  r.strategy = "directional";
  r.steps = 1;
  return r;
}
}  // namespace

TEST(Files, TornLastLineIsDiscardedAndForeignLinesRefused) {
  auto dir = test::scratch_dir("lists");
  const RankingList r = one_step_list();
  {
    ListsFile f(dir / "l.jsonl", r);
    f.append(r);
  }
  const std::string good = slurp(dir / "l.jsonl");
  std::ofstream(dir / "l.jsonl", std::ios::app) << R"({"id":2,"seed":"A ca)";  // a kill mid-write
  {
    ListsFile f(dir / "l.jsonl", r);
    EXPECT_GT(f.torn_bytes(), 0u);
    EXPECT_TRUE(f.done(1));
    EXPECT_FALSE(f.done(2));
  }
  EXPECT_EQ(slurp(dir / "l.jsonl"), good);
  // Another run's file, or not ours at all: refused, left as it was.
  RankingList other = r;
  other.strategy = "step-by-step";
  EXPECT_THROW(ListsFile(dir / "l.jsonl", other), InputError);
  std::ofstream(dir / "notes.jsonl") << "{\"text\": \"my notes\"}\n";
  EXPECT_THROW(ListsFile(dir / "notes.jsonl", r), InputError);
  EXPECT_EQ(slurp(dir / "notes.jsonl"), "{\"text\": \"my notes\"}\n");
  EXPECT_EQ(slurp(dir / "l.jsonl"), good);
}

TEST(Files, OneWriterAtATime) {
  auto dir = test::scratch_dir("lock");
  const RankingList r = one_step_list();
  {
    ListsFile first(dir / "l.jsonl", r);
    try {
      ListsFile second(dir / "l.jsonl", r);
      FAIL() << "a second writer was let in";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("another process is writing this output"), std::string::npos) << e.what();
    }
    first.append(r);
  }
  ListsFile again(dir / "l.jsonl", r);  // the lock went with the first writer
  EXPECT_TRUE(again.done(1));
}

// Found by fuzzing (fuzz/corpus/lists/regress_deep_nesting.jsonl): a record
// keeps the fields it does not know, and copying a value nested 100000 deep
// overflowed the stack (exit 139). Lines deeper than 512 levels are refused.
TEST(Files, DeeplyNestedLineIsAnErrorNotACrash) {
  auto dir = test::scratch_dir("deep");
  auto nested = [](int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); };
  std::ofstream(dir / "l.jsonl") << R"({"sentences":["a","b","c"],"note":)" << nested(100) << "}\n"
                                 << R"({"sentences":["d","e","f"],"note":)" << nested(100000) << "}\n";
  try {
    read_lists_file(dir / "l.jsonl");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "l.jsonl").string());
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("nested deeper than 512 levels"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "ok.jsonl") << R"({"sentences":["a","b","c"],"note":)" << nested(100) << "}\n";
  auto lists = read_lists_file(dir / "ok.jsonl");
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].to_json()["note"].dump(), nested(100));
}
