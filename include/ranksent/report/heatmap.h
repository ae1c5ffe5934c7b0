// A matrix drawn as a heatmap (the paper's Fig. 1: mean pairwise cosine of
// list positions), with cairo: one drawing on a PNG and an SVG surface.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

// Writes both files atomically (temporary file, then rename). Rows and
// columns are labelled 1..n; the colour scale runs from the matrix's minimum
// to its maximum and is drawn beside it.
void draw_heatmap(const std::vector<std::vector<double>>& matrix, const std::string& title,
                  const std::filesystem::path& png, const std::filesystem::path& svg);

}  // namespace ranksent
