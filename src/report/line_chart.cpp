#include "ranksent/report/line_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include <cairo.h>
#include <fmt/core.h>

#include "cairo_output.h"

namespace ranksent {

namespace {

constexpr double W = 560, H = 340, left = 64, right = 16, top = 34, bottom = 48, legend_row = 16;

// Tableau 10's first colours: distinct for the arms of a study.
constexpr std::array<std::array<double, 3>, 8> palette = {{{0.122, 0.467, 0.706},
                                                           {1.000, 0.498, 0.055},
                                                           {0.173, 0.627, 0.173},
                                                           {0.839, 0.153, 0.157},
                                                           {0.580, 0.404, 0.741},
                                                           {0.549, 0.337, 0.294},
                                                           {0.890, 0.467, 0.761},
                                                           {0.498, 0.498, 0.498}}};

std::string tick_text(double v, double step) {
  const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int about, double min_step) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / std::max(1, about);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  step = std::max(step, min_step);
  std::vector<double> ticks;
  // Each tick from its index (no accumulated rounding).
  const long first = long(std::ceil(lo / step - 1e-9)), last = long(std::floor(hi / step + 1e-9));
  for (long k = first; k <= last; ++k) ticks.push_back(double(k) * step);
  return ticks;
}

namespace {

// The plotting area: the data's range (padded) mapped onto the page; x in
// log10 on a log axis.
struct ChartFrame {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  bool whole_x = true;  // integer steps only: no fractional x ticks
  bool log_x = false;
  std::vector<double> x_ticks;
  double pw = W - left - right, ph = H - top - bottom;
  double tx(double x) const { return log_x ? std::log10(x) : x; }
  double px(double x) const { return left + (tx(x) - x0) / (x1 - x0) * pw; }
  double py(double y) const { return top + (1 - (y - y0) / (y1 - y0)) * ph; }
};

// Widens the frame's y range to the finite values of `v`.
void cover_y(ChartFrame& f, const std::vector<double>& v) {
  for (double y : v)
    if (std::isfinite(y)) f.y0 = std::min(f.y0, y), f.y1 = std::max(f.y1, y);
}

// The series with points, and the frame that holds them all (and their bands).
std::vector<const Series*> plotted_series(const std::vector<Series>& all, const std::string& title, ChartFrame& f) {
  std::vector<const Series*> series;
  for (const auto& s : all) {
    if (s.x.size() != s.y.size()) throw std::invalid_argument("draw_line_chart: x and y differ in length: " + s.label);
    if ((!s.low.empty() || !s.high.empty()) && (s.low.size() != s.x.size() || s.high.size() != s.x.size()))
      throw std::invalid_argument("draw_line_chart: a band needs a low and a high per point: " + s.label);
    if (s.x.empty()) continue;
    series.push_back(&s);
    for (double x : s.x) {
      if (f.log_x && !(x > 0)) throw std::invalid_argument("draw_line_chart: x <= 0 on a log axis: " + s.label);
      f.whole_x = f.whole_x && x == std::floor(x);
      f.x0 = std::min(f.x0, f.tx(x)), f.x1 = std::max(f.x1, f.tx(x));
    }
    cover_y(f, s.y), cover_y(f, s.low), cover_y(f, s.high);
  }
  if (series.empty()) throw std::invalid_argument("draw_line_chart: no points to draw: " + title);
  if (f.x1 == f.x0) f.x0 -= 1, f.x1 += 1;
  if (f.y1 == f.y0) f.y0 -= 1, f.y1 += 1;
  const double ypad = (f.y1 - f.y0) * 0.05;
  f.y0 -= ypad, f.y1 += ypad;
  // Given ticks are the points' own x: room so no point sits on the frame.
  if (!f.x_ticks.empty()) {
    const double xpad = (f.x1 - f.x0) * 0.05;
    f.x0 -= xpad, f.x1 += xpad;
  }
  return series;
}

// The x ticks and the spacing their labels are written for: the given ones
// (their smallest gap), else round numbers.
std::pair<std::vector<double>, double> x_ticks_of(const ChartFrame& f) {
  if (f.x_ticks.empty()) {
    const auto xt = nice_ticks(f.x0, f.x1, 5, f.whole_x ? 1.0 : 0.0);
    return {xt, xt.size() > 1 ? xt[1] - xt[0] : 1};
  }
  double gap = INFINITY;
  for (std::size_t i = 1; i < f.x_ticks.size(); ++i) gap = std::min(gap, std::abs(f.x_ticks[i] - f.x_ticks[i - 1]));
  return {f.x_ticks, std::isfinite(gap) && gap > 0 ? gap : 1};
}

// Grid, tick labels, the frame and the axis labels.
void draw_axes(cairo_t* cr, const ChartFrame& f, const std::string& x_label, const std::string& y_label) {
  const auto [xt, xstep] = x_ticks_of(f);
  const auto yt = nice_ticks(f.y0, f.y1);
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double t : yt) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, left, f.py(t));
    cairo_line_to(cr, left + f.pw, f.py(t));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const std::string s = tick_text(t, ystep);
    cairo_move_to(cr, left - 6 - 5.6 * double(s.size()), f.py(t) + 3.5);
    cairo_show_text(cr, s.c_str());
  }
  for (double t : xt) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, f.px(t), top);
    cairo_line_to(cr, f.px(t), top + f.ph);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const std::string s = tick_text(t, xstep);
    cairo_move_to(cr, f.px(t) - 2.8 * double(s.size()), top + f.ph + 14);
    cairo_show_text(cr, s.c_str());
  }
  cairo_rectangle(cr, left, top, f.pw, f.ph);
  cairo_stroke(cr);
  cairo_move_to(cr, left + f.pw / 2 - 3 * double(x_label.size()), top + f.ph + 32);
  cairo_show_text(cr, x_label.c_str());
  cairo_save(cr);
  cairo_move_to(cr, 14, top + f.ph / 2 + 3 * double(y_label.size()));
  cairo_rotate(cr, -M_PI / 2);
  cairo_show_text(cr, y_label.c_str());
  cairo_restore(cr);
}

// A series' band in its colour, translucent: one polygon per run of points
// with an interval, a bar where such a point stands alone.
void draw_band(cairo_t* cr, const ChartFrame& f, const Series& s, const std::array<double, 3>& c) {
  if (s.low.empty()) return;
  auto has = [&](std::size_t i) { return std::isfinite(s.low[i]) && std::isfinite(s.high[i]); };
  cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.2);
  for (std::size_t a = 0; a < s.x.size(); ++a) {
    if (!has(a)) continue;
    std::size_t b = a;
    while (b + 1 < s.x.size() && has(b + 1)) ++b;
    if (a == b) {
      cairo_rectangle(cr, f.px(s.x[a]) - 3, f.py(s.high[a]), 6, f.py(s.low[a]) - f.py(s.high[a]));
    } else {
      cairo_move_to(cr, f.px(s.x[a]), f.py(s.high[a]));
      for (std::size_t i = a + 1; i <= b; ++i) cairo_line_to(cr, f.px(s.x[i]), f.py(s.high[i]));
      for (std::size_t i = b + 1; i-- > a;) cairo_line_to(cr, f.px(s.x[i]), f.py(s.low[i]));
      cairo_close_path(cr);
    }
    cairo_fill(cr);
    a = b;
  }
}

// Curves (a single point is drawn as a dot), their bands and the legend.
// Colour: the series' group (its own when ungrouped); dash: its place in the
// group, so that the seeds of an arm read as one family (training curves),
// or dashed for a reference line.
void draw_curves(cairo_t* cr, const ChartFrame& f, const std::vector<const Series*>& series) {
  std::vector<std::string> groups;
  std::map<std::string, int> in_group;
  const double dashes[][2] = {{1, 0}, {6, 3}, {1.5, 2.5}, {9, 2}};
  cairo_set_line_width(cr, 1.8);
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = *series[k];
    const std::string g = s.group.empty() ? fmt::format("\n{}", k) : s.group;  // '\n': in no group's name
    auto at = std::find(groups.begin(), groups.end(), g);
    if (at == groups.end()) at = groups.insert(groups.end(), g);
    const std::size_t colour = std::size_t(at - groups.begin());
    const int member = in_group[g]++;
    const auto& c = palette[colour % palette.size()];
    // Past the palette (ungrouped series) the dash tells repeats apart.
    const auto& d =
        s.dashed ? dashes[1] : dashes[std::size_t(member + int(colour / palette.size())) % std::size(dashes)];
    draw_band(cr, f, s, c);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_set_dash(cr, d, d[1] > 0 ? 2 : 0, 0);
    cairo_move_to(cr, f.px(s.x[0]), f.py(s.y[0]));
    for (std::size_t i = 1; i < s.x.size(); ++i) cairo_line_to(cr, f.px(s.x[i]), f.py(s.y[i]));
    cairo_stroke(cr);
    for (std::size_t i = 0; i < s.x.size() && s.x.size() <= 60 && !s.dashed; ++i) {
      cairo_arc(cr, f.px(s.x[i]), f.py(s.y[i]), 2.2, 0, 2 * M_PI);
      cairo_fill(cr);
    }
    const double ly = H - 6 + legend_row * double(k);
    cairo_move_to(cr, left, ly - 6);
    cairo_line_to(cr, left + 16, ly - 6);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, left + 20, ly - 3);
    cairo_show_text(cr, s.label.c_str());
  }
}

}  // namespace

void draw_line_chart(const std::vector<Series>& all, const std::string& title, const std::string& x_label,
                     const std::string& y_label, const std::filesystem::path& png, const std::filesystem::path& svg,
                     const ChartAxes& axes) {
  ChartFrame frame;
  frame.log_x = axes.log_x;
  frame.x_ticks = axes.x_ticks;
  const std::vector<const Series*> series = plotted_series(all, title, frame);
  const double height = H + legend_row * double(series.size());
  auto draw = [&](cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_font_size(cr, 13);
    cairo_move_to(cr, left, 20);
    cairo_show_text(cr, title.c_str());
    cairo_set_font_size(cr, 10);
    cairo_set_line_width(cr, 1);
    draw_axes(cr, frame, x_label, y_label);
    draw_curves(cr, frame, series);
  };
  write_png_and_svg(W, height, draw, png, svg);
}

}  // namespace ranksent
