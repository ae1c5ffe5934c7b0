// The additions beyond the paper, on hand-made inputs: the sentence rules the
// decoder checks as each sentence ends, output hygiene (echo stripping,
// quotes, the echo and length rules), and the fixed-point escapes' pieces
// (seeded sampling, the copy penalty).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "ranksent/generate/fixed_point_escape.h"
#include "ranksent/generate/output_hygiene.h"
#include "ranksent/generate/prompts.h"
#include "ranksent/generate/ranking_list.h"

using namespace ranksent;

namespace {
OutputHygiene directional_hygiene() { return OutputHygiene(PromptTemplate::builtin("directional"), HygieneOptions{}); }
OutputHygiene step_hygiene() { return OutputHygiene(PromptTemplate::builtin("step-by-step"), HygieneOptions{}); }
}  // namespace

TEST(Hygiene, FragmentsAreThePromptsPieces) {
  auto h = step_hygiene();
  const auto& f = h.fragments();
  auto has = [&](const std::string& s) { return std::find(f.begin(), f.end(), s) != f.end(); };
  EXPECT_TRUE(has("Here is the sentence:"));
  EXPECT_TRUE(has("Do not explain yourself or output anything else."));
  EXPECT_TRUE(has("Do not lose the core idea of the original sentence."));  // one sentence of the instruction
  EXPECT_TRUE(has("Write a sentence that is entailment with:") == false);
  EXPECT_TRUE(directional_hygiene().fragments().end() !=
              std::find(directional_hygiene().fragments().begin(), directional_hygiene().fragments().end(), "Result:"));
}

TEST(Hygiene, CleaningStripsEchoedPrefixesQuotesAndMarkers) {
  auto h = step_hygiene();
  EXPECT_EQ(h.clean("Here is the sentence: Here is the sentence: A dog runs."), "A dog runs.");
  EXPECT_EQ(h.clean("here is the sentence:  \"A dog runs.\""), "A dog runs.");
  EXPECT_EQ(h.clean("1. \xE2\x80\x9C"
                    "A dog runs.\xE2\x80\x9D"),
            "A dog runs.");
  EXPECT_EQ(h.clean("'A dog' and 'a cat' run."), "'A dog' and 'a cat' run.");  // not one quoted whole
  EXPECT_EQ(directional_hygiene().clean("Result: A dog runs."), "A dog runs.");
  // Disabled: the paper's cleaning only.
  OutputHygiene off;
  EXPECT_EQ(off.clean("Result: \"A dog runs.\""), "Result: \"A dog runs.\"");
}

TEST(Hygiene, TheSentenceIsTheFirstSentenceLine) {
  auto h = directional_hygiene();
  // What the default model writes after its sentence, and labels before it.
  EXPECT_EQ(h.clean("The man drinks juice at a cafe.\n\nResult:"), "The man drinks juice at a cafe.");
  EXPECT_EQ(h.clean("Result:\nThe man drinks juice."), "The man drinks juice.");
  EXPECT_EQ(h.clean("Here is the rewritten sentence:\n\"The man drinks juice.\"\nNote: it is shorter."),
            "The man drinks juice.");
  EXPECT_EQ(h.clean("The sentence is: \"The woman's player strains.\""), "The woman's player strains.");
  // Not labels: a colon without a space after it, a long clause, a quote before the colon.
  EXPECT_EQ(h.clean("The show starts at 5:30 pm."), "The show starts at 5:30 pm.");
  EXPECT_EQ(h.clean("A man holds a sign that reads as follows: stop."),
            "A man holds a sign that reads as follows: stop.");
  EXPECT_EQ(h.clean("\"Stop\" he says: now."), "\"Stop\" he says: now.");
  // No sentence line at all: the text stays whole, for the rules to refuse.
  EXPECT_EQ(h.clean("Result:\n\n"), "");
  // Decoding may stop at the line break that ends the first sentence line.
  EXPECT_TRUE(h.line_complete("The man drinks juice.\n"));
  EXPECT_FALSE(h.line_complete("Result:\n"));
  EXPECT_FALSE(h.line_complete("\n\nThe man drinks"));
  EXPECT_TRUE(h.line_complete("Result:\nThe man drinks juice.\n"));
  EXPECT_FALSE(OutputHygiene().line_complete("The man drinks juice.\n"));  // disabled: the paper's decoder
  EXPECT_EQ(OutputHygiene().clean("A dog.\nResult:"), "A dog.\nResult:");
}

TEST(Hygiene, EchoAndLengthRules) {
  auto h = step_hygiene();
  const std::string seed = "A man is playing a guitar on stage.";  // 8 words: allowed 4-16
  EXPECT_EQ(h.length_limits(8), (std::pair<std::size_t, std::size_t>{4, 16}));
  EXPECT_EQ(h.length_limits(2), (std::pair<std::size_t, std::size_t>{1, 5}));  // slack of 3 for short seeds
  EXPECT_EQ(h.check("A man plays guitar.", seed, 2), std::nullopt);
  EXPECT_EQ(h.check("A man plays.", seed, 3).value(), "length: sentence 3 has 3 words, the seed 8 (allowed 4-16)");
  EXPECT_EQ(h.check("The man is playing. Here is the sentence: more", seed, 2).value(),
            "echo: sentence 2 holds prompt text 'Here is the sentence:'");
  // verify_list applies them with a hygiene set, not without.
  std::vector<std::string> l = {seed, "A man plays a guitar on a stage.", "A man plays."};
  std::vector<SentenceFlags> flags(3);
  EXPECT_EQ(verify_list(l, flags, VerifyOptions{.steps = 2}), std::nullopt);
  EXPECT_EQ(rule_of(verify_list(l, flags, VerifyOptions{.steps = 2, .hygiene = &h}).value()), "length");
}

// The 135M model's commentary of docs/results, caught; a seed that uses such
// a word itself may keep it.
TEST(Hygiene, CommentaryRule) {
  auto h = directional_hygiene();
  const std::string seed = "A woman in a blue coat waits for the bus at a stop.";
  EXPECT_EQ(h.check("Readers should know that there's an enitre word in \"coat\". A rewritten sentence with the "
                    "same meaning would keep it.",
                    seed, 4)
                .value()
                .rfind("commentary: sentence 4 talks about the task", 0),
            0u);
  EXPECT_EQ(rule_of(h.check("A woman waits. Rewritten sentence: Rewritten sentence: a woman waits.", seed, 5).value()),
            "commentary");
  EXPECT_EQ(h.check("A woman in a coat waits for a bus.", seed, 2), std::nullopt);
  const std::string judge = "The judge reads the sentence to the court.";
  EXPECT_EQ(h.check("The judge reads out the sentence in court.", judge, 2), std::nullopt);
}

// The sentences read in the committed lists (docs/results/order-study):
// another script mid-sentence, the model naming itself, a role's name left
// at the end; and what must stay.
TEST(Hygiene, ScriptAndChatRoleRules) {
  auto h = directional_hygiene();
  const std::string seed = "A curly haired man wearing gloves is mowing the lawn.";
  const auto han = h.check("A curly man wearing gloves\u662f\u4e3a\u4e86\u5272\u8349\u3002", seed, 3);
  ASSERT_TRUE(han.has_value());
  EXPECT_EQ(*han, "script: sentence 3 holds Han text ('\u662f\u4e3a\u4e86\u5272\u8349') the seed does not use");
  EXPECT_EQ(rule_of(h.check("A man mows the lawn \u0432 \u0441\u0430\u0434\u0443.", seed, 2).value()), "script");
  EXPECT_EQ(rule_of(h.check("A flock of birds rests on the lawn near the birds Chatbot", seed, 6).value()),
            "commentary");
  EXPECT_EQ(h.check("A man in gloves mows the grass in the park. Assistant", seed, 4).value(),
            "commentary: sentence 4 ends with a chat role's name");
  // What stays: accented Latin, a seed's own script, a role word inside a scene.
  EXPECT_EQ(h.check("A man wearing gloves mows the lawn of a caf\u00e9.", seed, 2), std::nullopt);
  EXPECT_EQ(h.check("A shop assistant in gloves mows the lawn.", seed, 2), std::nullopt);
  const std::string mixed = "A sign reads \u6b22\u8fce at the door of the shop.";
  EXPECT_EQ(h.check("A sign reads \u6b22\u8fce at the shop's door.", mixed, 2), std::nullopt);
  // The paper's decoder has no hygiene: nothing is refused.
  EXPECT_EQ(OutputHygiene().check("A curly man\u662f\u4e3a\u4e86. Assistant", seed, 3), std::nullopt);
}

TEST(Rules, CheckSentenceNamesTheRule) {
  const std::vector<std::string> earlier = {"A dog runs.", "A dog is running.", "An animal runs."};
  VerifyOptions o{.steps = 8};
  EXPECT_EQ(check_sentence(earlier, "A cat sleeps.", {}, o, false), std::nullopt);
  EXPECT_EQ(check_sentence(earlier, "an ANIMAL runs.", {}, o, false).value(),
            "duplicate: sentence 4 repeats sentence 3");
  // A repeat of an earlier, not the previous, sentence: a fixed point of
  // period 2, which only the escape looks for.
  EXPECT_EQ(check_sentence(earlier, "A dog is running.", {}, o, false), std::nullopt);
  EXPECT_EQ(check_sentence(earlier, "A dog is running.", {}, o, true).value(),
            "duplicate: sentence 4 repeats sentence 2");
  EXPECT_EQ(rule_of(check_sentence(earlier, "x", {.truncated = true}, o, false).value()), "truncated");
  EXPECT_EQ(rule_of(check_sentence(earlier, " ", {}, o, false).value()), "empty");
  EXPECT_EQ(rule_of(check_sentence(earlier, "a\nb", {}, o, false).value()), "newline");
  EXPECT_EQ(rule_of("repetition: sentence 5 occurs 3 times"), "repetition");
}

TEST(Escape, NamesRoundTrip) {
  for (auto e :
       {FixedPointEscape::none, FixedPointEscape::resample, FixedPointEscape::avoid, FixedPointEscape::resample_avoid})
    EXPECT_EQ(parse_escape(escape_name(e)), e);
  EXPECT_EQ(escape_name(FixedPointEscape::resample_avoid), "resample-avoid");
  EXPECT_EQ(parse_escape("greedy"), std::nullopt);
}

TEST(Escape, StepRandomIsKeyedAndRepeatable) {
  StepRandom a(42, 3, 1), b(42, 3, 1), c(42, 3, 2), d(43, 3, 1);
  const auto x = a.next();
  EXPECT_EQ(x, b.next());
  EXPECT_NE(x, c.next());
  EXPECT_NE(x, d.next());
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);   // FNV-1a offset basis
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);  // FNV-1a of "a"
}

TEST(Escape, SamplingFollowsTheTemperedSoftmax) {
  // Scores log(0.75), log(0.25): at T = 1 token 0 has probability 0.75; at
  // T = 0.5 the probabilities are 0.9 and 0.1 (0.75^2 / (0.75^2 + 0.25^2)).
  const std::vector<float> scores = {std::log(0.75f), std::log(0.25f), -1e30f};
  for (auto [t, p] : {std::pair{1.0, 0.75}, std::pair{0.5, 0.9}}) {
    std::map<Token, int> count;
    for (int i = 0; i < 20000; ++i) {
      StepRandom r(7, 2, i);
      ++count[sample_token(scores, t, r)];
    }
    EXPECT_NEAR(count[0] / 20000.0, p, 0.015) << "T = " << t;
    EXPECT_EQ(count[2], 0);
  }
}

TEST(Escape, CopyPenaltyHitsOnlyTheContinuationOfEarlierSentences) {
  std::vector<float> scores(10, 0.0f);
  const std::vector<std::vector<Token>> earlier = {{1, 2, 3}, {1, 4}, {5}};
  penalise_copies(scores, {1}, earlier, 9, 5.0);
  EXPECT_EQ(scores, (std::vector<float>{0, 0, -5, 0, -5, 0, 0, 0, 0, 0}));
  std::fill(scores.begin(), scores.end(), 0.0f);
  penalise_copies(scores, {1, 4}, earlier, 9, 5.0);  // a complete copy: end-of-generation is penalised
  EXPECT_EQ(scores[9], -5.0f);
  EXPECT_EQ(std::count(scores.begin(), scores.end(), 0.0f), 9);
  std::fill(scores.begin(), scores.end(), 0.0f);
  penalise_copies(scores, {2}, earlier, 9, 5.0);  // copies nothing
  EXPECT_EQ(std::count(scores.begin(), scores.end(), 0.0f), 10);
}
