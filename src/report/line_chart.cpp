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

// The plotting area: the data's range (padded) mapped onto the page.
struct ChartFrame {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  bool whole_x = true;  // integer steps only: no fractional x ticks
  double pw = W - left - right, ph = H - top - bottom;
  double px(double x) const { return left + (x - x0) / (x1 - x0) * pw; }
  double py(double y) const { return top + (1 - (y - y0) / (y1 - y0)) * ph; }
};

// The series with points, and the frame that holds them all.
std::vector<const Series*> plotted_series(const std::vector<Series>& all, const std::string& title, ChartFrame& f) {
  std::vector<const Series*> series;
  for (const auto& s : all) {
    if (s.x.size() != s.y.size()) throw std::invalid_argument("draw_line_chart: x and y differ in length: " + s.label);
    if (s.x.empty()) continue;
    series.push_back(&s);
    for (double x : s.x) f.whole_x = f.whole_x && x == std::floor(x);
    for (std::size_t i = 0; i < s.x.size(); ++i)
      f.x0 = std::min(f.x0, s.x[i]), f.x1 = std::max(f.x1, s.x[i]), f.y0 = std::min(f.y0, s.y[i]),
      f.y1 = std::max(f.y1, s.y[i]);
  }
  if (series.empty()) throw std::invalid_argument("draw_line_chart: no points to draw: " + title);
  if (f.x1 == f.x0) f.x0 -= 1, f.x1 += 1;
  if (f.y1 == f.y0) f.y0 -= 1, f.y1 += 1;
  const double ypad = (f.y1 - f.y0) * 0.05;
  f.y0 -= ypad, f.y1 += ypad;
  return series;
}

// Grid, tick labels, the frame and the axis labels.
void draw_axes(cairo_t* cr, const ChartFrame& f, const std::string& x_label, const std::string& y_label) {
  const auto xt = nice_ticks(f.x0, f.x1, 5, f.whole_x ? 1.0 : 0.0), yt = nice_ticks(f.y0, f.y1);
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1, ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
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

// Curves (a single point is drawn as a dot) and the legend. Colour: the
// series' group (its own when ungrouped); dash: its place in the group,
// so that the seeds of an arm read as one family (the paper's Fig. 3).
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
    const auto& d = dashes[std::size_t(member + int(colour / palette.size())) % std::size(dashes)];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_set_dash(cr, d, d[1] > 0 ? 2 : 0, 0);
    cairo_move_to(cr, f.px(s.x[0]), f.py(s.y[0]));
    for (std::size_t i = 1; i < s.x.size(); ++i) cairo_line_to(cr, f.px(s.x[i]), f.py(s.y[i]));
    cairo_stroke(cr);
    for (std::size_t i = 0; i < s.x.size() && s.x.size() <= 60; ++i) {
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
                     const std::string& y_label, const std::filesystem::path& png, const std::filesystem::path& svg) {
  ChartFrame frame;
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
