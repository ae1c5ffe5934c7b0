// Curves against a shared x axis (STS-B dev against the training step; the
// paper's Fig. 3: STS avg against omega or the share of lists, with a band
// of the interval over seeds), drawn with cairo as PNG and SVG.
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ranksent {

struct Series {
  Series() = default;
  Series(std::string l, std::vector<double> xs, std::vector<double> ys, std::string g = {})
      : label(std::move(l)), x(std::move(xs)), y(std::move(ys)), group(std::move(g)) {}
  std::string label;
  std::vector<double> x, y;  // equal lengths; points are joined in order
  std::string group;         // series of one group (an arm's seeds) share a colour and differ in dash
  // An interval at each point (NaN where there is none), drawn as a
  // translucent band under the line; empty: no band.
  std::vector<double> low, high;
  bool dashed = false;  // a reference line, such as the encoder before post-training (the paper's Fig. 3)
};

struct ChartAxes {
  std::vector<double> x_ticks;  // ticks at these x (a sweep's values); empty: round numbers
  bool log_x = false;           // a log x axis (every x > 0)
};

// Axes span the data and its bands (y with 5% room; x too when the ticks are
// given), ticks at round numbers (whole ones on an x axis of whole numbers)
// or at `axes.x_ticks`, one colour a group (a series without a group is its
// own), solid, dashed and dotted lines within a group, and a legend. Series
// without points are left out; none at all, or an x <= 0 on a log axis, is
// an std::invalid_argument.
void draw_line_chart(const std::vector<Series>& series, const std::string& title, const std::string& x_label,
                     const std::string& y_label, const std::filesystem::path& png, const std::filesystem::path& svg,
                     const ChartAxes& axes = {});

// Round tick positions covering [lo, hi]: 1, 2 or 5 times a power of ten
// apart, and at least min_step apart (1 for an axis of whole numbers such as
// training steps, so that a run of 3 steps gets no tick at 0.5).
std::vector<double> nice_ticks(double lo, double hi, int about = 5, double min_step = 0);

}  // namespace ranksent
