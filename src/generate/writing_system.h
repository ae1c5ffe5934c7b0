// The writing systems of a sentence's letters, for output hygiene's script
// rule (docs/method.md section 2.6): a small LLM drifts into another script
// mid-list ("A curly man wearing gloves是为了割草。"), which no step of an
// English ranking list asks for.
#pragma once
#include <set>
#include <string>
#include <string_view>

namespace ranksent {

// "Latin", "Greek", "Cyrillic", "Hebrew", "Arabic", "Devanagari", "Thai",
// "Hangul", "Kana", "Han", or "other" for a letter of any other script; ""
// for what is not a letter (digits, punctuation, spaces, symbols, marks).
std::string writing_system(char32_t cp);

// The writing systems of `text`'s letters (invalid bytes are not letters).
std::set<std::string> writing_systems(std::string_view text);

// The first run of letters of `text` in `system`, for a message.
std::string first_run_in(std::string_view text, const std::string& system);

}  // namespace ranksent
