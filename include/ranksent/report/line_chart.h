// Curves against a shared x axis (the paper's Fig. 3: STS-B dev against the
// training step), drawn with cairo as PNG and SVG.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ranksent {

struct Series {
  std::string label;
  std::vector<double> x, y;  // equal lengths; points are joined in order
  std::string group;         // series of one group (an arm's seeds) share a colour and differ in dash
};

// Axes span the data (with 5% room), ticks at round numbers (whole ones on
// an x axis of whole numbers), one colour a group (a series without a group
// is its own), solid, dashed and dotted lines within a group, and a legend.
// Series without points are left out; none at all is an
// std::invalid_argument.
void draw_line_chart(const std::vector<Series>& series, const std::string& title, const std::string& x_label,
                     const std::string& y_label, const std::filesystem::path& png, const std::filesystem::path& svg);

// Round tick positions covering [lo, hi]: 1, 2 or 5 times a power of ten
// apart, and at least min_step apart (1 for an axis of whole numbers such as
// training steps, so that a run of 3 steps gets no tick at 0.5).
std::vector<double> nice_ticks(double lo, double hi, int about = 5, double min_step = 0);

}  // namespace ranksent
