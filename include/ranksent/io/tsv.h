// Tab-separated lines, as SentEval's loaders split them (line.split('\t')).
#pragma once
#include <string>
#include <vector>

namespace ranksent {

// Every field between tabs, empty ones included ("a\t\tb" has three).
std::vector<std::string> split_tabs(const std::string& line);

}  // namespace ranksent
