#include "ranksent/report/heatmap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <cairo.h>
#include <fmt/core.h>

#include "cairo_output.h"

namespace ranksent {

namespace {

constexpr double cell = 28, margin_left = 40, margin_top = 44, bar_width = 16, gap = 14, label_room = 52;

// Viridis, five stops linearly interpolated: perceptually even and readable in grey.
std::array<double, 3> colour(double t) {
  static const double stops[5][3] = {{0.267, 0.005, 0.329},
                                     {0.229, 0.322, 0.546},
                                     {0.128, 0.567, 0.551},
                                     {0.369, 0.789, 0.383},
                                     {0.993, 0.906, 0.144}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, int(t));
  const double f = t - i;
  std::array<double, 3> c{};
  for (int k = 0; k < 3; ++k) c[std::size_t(k)] = stops[i][k] * (1 - f) + stops[i + 1][k] * f;
  return c;
}

void draw(cairo_t* cr, const std::vector<std::vector<double>>& m, const std::string& title, double lo, double hi) {
  const std::size_t n = m.size();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_font_size(cr, 13);
  cairo_move_to(cr, margin_left, 22);
  cairo_show_text(cr, title.c_str());
  const double span = hi > lo ? hi - lo : 1.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const auto c = colour((m[i][j] - lo) / span);
      cairo_set_source_rgb(cr, c[0], c[1], c[2]);
      cairo_rectangle(cr, margin_left + double(j) * cell, margin_top + double(i) * cell, cell, cell);
      cairo_fill(cr);
    }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_font_size(cr, 10);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string label = std::to_string(i + 1);
    cairo_move_to(cr, margin_left - 8 - 6.0 * double(label.size()), margin_top + (double(i) + 0.65) * cell);
    cairo_show_text(cr, label.c_str());
    cairo_move_to(cr, margin_left + (double(i) + 0.3) * cell, margin_top + double(n) * cell + 14);
    cairo_show_text(cr, label.c_str());
  }
  // The colour scale.
  const double x = margin_left + double(n) * cell + gap, h = double(n) * cell;
  for (int k = 0; k < 100; ++k) {
    const auto c = colour(1.0 - k / 99.0);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_rectangle(cr, x, margin_top + h * k / 100.0, bar_width, h / 100.0 + 0.5);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int k = 0; k <= 4; ++k) {
    const double v = hi - span * k / 4.0;
    cairo_move_to(cr, x + bar_width + 4, margin_top + h * k / 4.0 + 4);
    cairo_show_text(cr, fmt::format("{:.2f}", v).c_str());
  }
}

}  // namespace

void draw_heatmap(const std::vector<std::vector<double>>& m, const std::string& title, const std::filesystem::path& png,
                  const std::filesystem::path& svg) {
  if (m.empty()) throw std::invalid_argument("draw_heatmap: empty matrix");
  double lo = m[0][0], hi = m[0][0];
  for (const auto& row : m)
    for (double v : row) lo = std::min(lo, v), hi = std::max(hi, v);
  const double width = margin_left + double(m.size()) * cell + gap + bar_width + label_room;
  const double height = margin_top + double(m.size()) * cell + 28;

  write_png_and_svg(width, height, [&](cairo_t* cr) { draw(cr, m, title, lo, hi); }, png, svg);
}

}  // namespace ranksent
